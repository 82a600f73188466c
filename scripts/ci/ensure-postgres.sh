#!/usr/bin/env bash
# The cluster test (npm run test:cluster) needs a PostgreSQL on 127.0.0.1:5432 with trust auth:
# start the local cluster when it is down. Embedded mode (npm start, npm test) never needs it.
set -euo pipefail
if pg_isready -q -h 127.0.0.1 -p 5432; then
  exit 0
fi
pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && exit 0
  sleep 1
done
echo "PostgreSQL did not come up on 127.0.0.1:5432" >&2
exit 1
