# The issue-15 bar ratios of write-path.sh output folders, same run, as p50 ratio / mean ratio (the mean
# is the time per op over the measured rounds, checkpoints included); 8 writers: throughput = 8 / mean.
# Also, when the folder has them: entries-1m.csv (EntryCountBenchmark at 1M) and populate-*.csv (PopulateHarness).
# python3 benchmarks/write-path-ratios.py <folder> [<folder>...]
import csv,sys,os
def load(d,name):
    p=os.path.join(d,name+'.csv')
    return list(csv.DictReader(open(p))) if os.path.exists(p) else []
def params(r): return {k[7:]:v for k,v in r.items() if k.startswith('Param: ')}
def p50(d,name,**want):
    for r in load(d,name):
        if r['Benchmark'].endswith('p0.50') and all(params(r).get(k)==v for k,v in want.items()): return float(r['Score'])
def mean(d,name,**want):
    for r in load(d,name):
        if ':' not in r['Benchmark'].split('.')[-1] and all(params(r).get(k)==v for k,v in want.items()): return float(r['Score'])
def row(d, metric):
    # metric: p50 or mean; throughputs and populate times are given once, with the p50 row
    out={}
    s=metric(d,'put',cacheType='SQLITE'); out['put zipf100k unbounded']=metric(d,'put',cacheType='ENGINE')/s; out['put zipf100k LRU']=metric(d,'put',cacheType='ENGINE_LRU')/s
    for n in ['10000','100000']:
        s=metric(d,'entries',cacheType='SQLITE',entries=n)
        out[f'put uniform {n} unbounded']=metric(d,'entries',cacheType='ENGINE',entries=n)/s
        out[f'put uniform {n} LRU']=metric(d,'entries',cacheType='ENGINE_LRU',entries=n)/s
    out['put while evicting / unbounded']=metric(d,'eviction',cacheType='ENGINE',budget='HALF')/metric(d,'eviction',cacheType='ENGINE',budget='UNBOUNDED')
    out['batch100 / sqlite']=metric(d,'batch',cacheType='ENGINE',batch='100')/metric(d,'batch',cacheType='SQLITE',batch='100')
    out['batch1 / sqlite']=metric(d,'batch',cacheType='ENGINE',batch='1')/metric(d,'batch',cacheType='SQLITE',batch='1')
    for sy in ['NORMAL','FULL']:
        for t in ['ENGINE','ENGINE_LRU']:
            if metric is not mean: out[f'8 writers {sy} {t} thrpt/sqlite']=mean(d,'concurrent',cacheType='SQLITE',synchronous=sy)/mean(d,'concurrent',cacheType=t,synchronous=sy)
    s=metric(d,'gethit',cacheType='SQLITE'); out['gethit unbounded']=metric(d,'gethit',cacheType='ENGINE')/s; out['gethit LRU']=metric(d,'gethit',cacheType='ENGINE_LRU')/s
    s=metric(d,'entries-1m',cacheType='SQLITE',entries='1000000')
    if s:
        out['put uniform 1M unbounded']=metric(d,'entries-1m',cacheType='ENGINE',entries='1000000')/s
        out['put uniform 1M LRU']=metric(d,'entries-1m',cacheType='ENGINE_LRU',entries='1000000')/s
    for p in sorted(f for f in os.listdir(d) if f.startswith('populate-') and metric is not mean):
        secs={r['subject']:float(r['seconds']) for r in csv.DictReader(open(os.path.join(d,p)))}
        for t in ['ENGINE','ENGINE_LRU']:
            out[f'populate 1M {t} ({p[:-4]})']=secs[t]/secs['SQLITE']
    return out
dirs=sys.argv[1:]
rows=[(row(d,p50),row(d,mean)) for d in dirs]
def cell(r,k):
    if k not in r[0]: return ''
    return f'{r[0][k]:.2f}'+(f' / {r[1][k]:.2f}' if k in r[1] else '')
print('| measure | '+' | '.join(os.path.basename(d) for d in dirs)+' |')
for k in rows[0][0]:
    print(f'| {k} | '+' | '.join(cell(r,k) for r in rows)+' |')
