# Sourced by bin/test: starts the Debian PostgreSQL cluster and creates the test database and role.
# Exports SWITCHBOARD_TEST_PG_URL / _USER / _PASSWORD for the store tests.
pg_ver=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
  pg_createcluster "$pg_ver" main >/dev/null
fi
cluster=$(pg_lsclusters -h | head -n 1 | awk '{print $1" "$2}')
pg_ctlcluster $cluster start 2>/dev/null || true
pg_port=$(pg_lsclusters -h | head -n 1 | awk '{print $3}')
for _ in $(seq 1 30); do
  su postgres -c "psql -p $pg_port -tAc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -p $pg_port -tAc \"select 1 from pg_roles where rolname='switchboard'\"" | grep -q 1 ||
  su postgres -c "psql -p $pg_port -c \"create role switchboard login password 'switchboard' createdb\"" >/dev/null
su postgres -c "psql -p $pg_port -tAc \"select 1 from pg_database where datname='switchboard_test'\"" | grep -q 1 ||
  su postgres -c "psql -p $pg_port -c 'create database switchboard_test owner switchboard'" >/dev/null
export SWITCHBOARD_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$pg_port/switchboard_test"
export SWITCHBOARD_TEST_PG_USER=switchboard
export SWITCHBOARD_TEST_PG_PASSWORD=switchboard
echo "ci: PostgreSQL $pg_ver listening on $pg_port"
