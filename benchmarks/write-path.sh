#!/bin/bash
# The write-path comparison of issue 15 (results in README.md, "Results: the write path"):
# puts (Zipf, and uniform at 10k/100k entries), 8 writer threads at synchronous NORMAL and FULL,
# batches, eviction, and hits, each with bare sqlite-jdbc in the same run; 1 x 1 s warm-up,
# 3 x 2 s measurement per trial: about 4 minutes on 2 cores. Prints the ratios (write-path-ratios.py).
#   benchmarks/write-path.sh <benchmarks.jar> <output folder>
set -euo pipefail
jar=$1
out=$2
mkdir -p "$out"
timing=(-f 1 -wi 1 -w 1s -i 3 -r 2s)
run() {
	local name=$1
	shift
	java -jar "$jar" "$@" "${timing[@]}" -rf csv -rff "$out/$name.csv" >"$out/$name.log" 2>&1
}
run put '\.PutBenchmark\.' -p cacheType=ENGINE,ENGINE_LRU,SQLITE
run concurrent 'ConcurrentPutBenchmark' -p cacheType=ENGINE,ENGINE_LRU,SQLITE -p synchronous=NORMAL,FULL
run gethit 'GetHitBenchmark' -p cacheType=ENGINE,ENGINE_LRU,SQLITE -p distribution=ZIPF
run batch 'BatchPutBenchmark' -p cacheType=ENGINE,SQLITE -p batch=1,100
run eviction 'EvictionBenchmark' -p cacheType=ENGINE
run entries 'EntryCountBenchmark.put' -p cacheType=ENGINE,ENGINE_LRU,SQLITE -p entries=10000,100000
python3 "$(dirname "$0")/write-path-ratios.py" "$out"
