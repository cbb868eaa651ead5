# Headroom of mlgo-train search runs from their results.jsonl: totals per corpus, the best
# -inline-threshold per module next to them, p5/p50/p95, kept flips by direction, compiles.
#   python3 tools/experiments/callsite-headroom.py RUN/results.jsonl [RUN2/results.jsonl ...]
import json,math,sys
def summ(path,label):
    recs=[json.loads(l) for l in open(path)]
    recs=[r for r in recs if r['heuristicSize']>0]
    h=sum(r['heuristicSize'] for r in recs); b=sum(min(r['search']['bestSize'],r['heuristicSize']) for r in recs)
    th=sum(min(r.get('bestThresholdSize') or r['heuristicSize'], r['heuristicSize']) for r in recs)
    ch=sorted(min(r['search']['bestSize'],r['heuristicSize'])/r['heuristicSize']-1 for r in recs)
    pct=lambda p: ch[min(max(math.ceil(p/100*len(ch))-1,0),len(ch)-1)]
    flips=[f for r in recs for f in r['search']['forced']]
    comp=sum(r['search']['compiles'] for r in recs)
    print(f"{label}: {len(recs)} modules, heuristic {h} -> searched {b} ({(b/h-1)*100:+.2f}%), best threshold {(th/h-1)*100:+.2f}%, p5/p50/p95 {pct(5)*100:+.2f}/{pct(50)*100:+.2f}/{pct(95)*100:+.2f}%, improved {sum(c<0 for c in ch)}, flips no/yes {sum(not f['taken'] for f in flips)}/{sum(f['taken'] for f in flips)}, compiles {comp}")
    by={}
    for r in recs: by.setdefault(r['corpus'],[]).append(r)
    for c,rs in sorted(by.items()):
        h=sum(r['heuristicSize'] for r in rs); b=sum(min(r['search']['bestSize'],r['heuristicSize']) for r in rs); th=sum(min(r.get('bestThresholdSize') or r['heuristicSize'], r['heuristicSize']) for r in rs)
        print(f"  {c}: {len(rs)} modules, {h} -> {b} ({(b/h-1)*100:+.2f}%), best threshold {(th/h-1)*100:+.2f}%, compiles {sum(r['search']['compiles'] for r in rs)}")
for a in sys.argv[1:]: summ(a, a)
