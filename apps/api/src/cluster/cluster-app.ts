// What main.ts loads, only in cluster mode.
export { ClusterAppModule } from './cluster-app.module';
export { configureClusterApp } from './configure-cluster-app';
