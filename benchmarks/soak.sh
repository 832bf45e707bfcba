#!/usr/bin/env bash
# The fleet coherence run of multilevel-cache (FleetCoherenceIT) over many seeds: the same
# history checker CI runs on seeds 1-3, for longer. Needs what the test command installs.
#   benchmarks/soak.sh [LAST_SEED]     seeds 1..LAST_SEED (default 50; ~13 s a seed here)
set -euo pipefail
cd "$(dirname "$0")/.."
last=${1:-50}
exec ./mvnw -B -pl multilevel-cache -am verify -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=FleetCoherenceIT -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dslipstream.fleet.seeds="1-$last"
