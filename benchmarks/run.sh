#!/usr/bin/env bash
# Runs the benchmark suite and draws its tables and charts. From the repository root:
#
#   benchmarks/run.sh quick   # ~7 min on 2 cores: every subject at 100k entries (hits, misses, puts,
#                             # batches, 2/4/8 threads, eviction, Spring); 1 x 2 s per trial
#   benchmarks/run.sh all     # ~30 min: quick + entry counts 10k/100k/1M, value sizes, uniform keys,
#                             # two processes, 1M-entry tail (12 s), population times and volumes
#   benchmarks/run.sh full    # hours: every class with its annotated warmup/measurement (3x3 s + 5x3 s)
#
# Results go to benchmarks/results/<mode>/ (one CSV per JMH invocation, populate.csv, PNG charts,
# summary.md); set OUT=... to write elsewhere. Build first:
#   mvn -B -ntp -q install -DskipTests -pl sciqlop-cache-core,sciqlop-cache-autoconfigure
#   mvn -B -ntp -q package -DskipTests -pl benchmarks
# JMH allows one run per machine (/tmp/jmh.lock): this script waits for it rather than forcing it.
set -euo pipefail

mode="${1:-quick}"
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
out="${OUT:-$root/benchmarks/results/$mode}"
mkdir -p "$out"

case "$mode" in
	quick|all) timing=(-f 1 -wi 1 -w 1s -i 1 -r 2s) ;;
	full) timing=() ;;
	*) echo "usage: $0 quick|all|full" >&2; exit 2 ;;
esac

jmh() { # jmh <csv-name> <benchmark regex> [extra JMH options...]; TIMING=(...) replaces the timing
	local name="$1"; shift
	local regex="$1"; shift
	local t=("${timing[@]}")
	if [ -n "${TIMING:-}" ]; then read -r -a t <<<"$TIMING"; fi
	echo "== $name: $regex ${t[*]} $* ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))"
	java -jar "$jar" "$regex" "${t[@]}" "$@" -rf csv -rff "$out/$name.csv" >"$out/$name.log" 2>&1 \
		|| { echo "   FAILED, see $out/$name.log"; tail -20 "$out/$name.log"; }
}

uptime >"$out/load.txt"
{
	git -C "$root" log -1 --format='HEAD: %H %s'
	git -C "$root" log -1 --format='last engine commit: %h %s' -- sciqlop-cache-core
	echo "uncommitted engine changes: $(git -C "$root" status --short -- sciqlop-cache-core sciqlop-cache-autoconfigure | tr '\n' ' ')"
	java -version 2>&1 | head -1
} >>"$out/load.txt" 2>/dev/null || true
(while sleep 30; do echo "$(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg)"; done) >>"$out/load.txt" &
sampler=$!
trap 'kill $sampler 2>/dev/null || true' EXIT

if [ "$mode" = full ]; then
	jmh all 'Benchmark'
	java -Xmx3g -cp "$jar" org.sciqlop.cache.benchmarks.PopulateHarness "$out/populate.csv"
else
	jmh single '\.(GetHitBenchmark|GetMissBenchmark|PutBenchmark|EvictionBenchmark)\.' -p distribution=ZIPF
	jmh threads '\.(ConcurrentPutBenchmark|ShardPutBenchmark|MixedBenchmark)\.'
	jmh batch '\.BatchPutBenchmark\.' -p cacheType=ENGINE,SQLITE,EHCACHE
	jmh spring '\.(SpringCacheBenchmark|AdapterShareBenchmark)\.'
	if [ "$mode" = all ]; then
		jmh uniform '\.GetHitBenchmark\.' -p distribution=UNIFORM
		jmh value-size 'ValueSizeBenchmark'
		jmh two-process 'TwoProcessBenchmark'
		jmh entries 'EntryCountBenchmark'
		TIMING="-f 1 -wi 1 -w 2s -i 1 -r 12s" jmh tail 'TailLatencyBenchmark'
		echo "== populate ($(date -u +%H:%M:%S))"
		java -Xmx3g -cp "$jar" org.sciqlop.cache.benchmarks.PopulateHarness "$out/populate.csv" >"$out/populate.log" 2>&1
	fi
fi

java -cp "$jar" org.sciqlop.cache.benchmarks.Summary "$out"/*.csv >"$out/summary.md" 2>/dev/null || true
java -cp "$jar" org.sciqlop.cache.benchmarks.Charts "$out"
echo "done $(date -u +%H:%M:%S): $out/summary.md"
