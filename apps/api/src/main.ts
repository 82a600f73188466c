import { DRIFT_CONFIG_DEFAULTS } from '@app/config';
console.log(DRIFT_CONFIG_DEFAULTS.port);
