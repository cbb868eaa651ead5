#!/usr/bin/env python3
"""Totals of every variant's reports: the searched training modules and lua5.4 + zlib."""
import json, os, sys, glob
F = "/work/runs/features1"
searched = set(json.load(open('/work/runs/dagger1/searched-training-modules.json'))['held_out_modules'])

def total(path, keep=None):
    base = pol = grew = n = 0
    for corpus in json.load(open(path)):
        for m in corpus['modules']:
            name = corpus['corpus'] + '/' + m['module']
            if keep is not None and name not in keep: continue
            if m.get('baselineText') is None or m.get('policyText') is None: continue
            base += m['baselineText']; pol += m['policyText']; n += 1
            if m['baselineText'] and m['policyText'] > m['baselineText'] * 1.02: grew += 1
    return base, pol, n, grew

def fmt(t):
    b, p, n, g = t
    return f"{(p/b-1)*100:+.2f}% ({n} modules, {g} > +2%)" if b else "-"

rows = []
for d in sorted(glob.glob(F + '/*-s[0-9]')) + sys.argv[1:]:
    tr = os.path.join(d, 'report-training/report.json'); ho = os.path.join(d, 'report-heldout/report.json')
    prov = os.path.join(d, 'provenance.json')
    fit = json.load(open(prov)) if os.path.exists(prov) else {}
    line = [os.path.basename(d), f"{fit.get('agreement_fitted_offline',0)*100:.1f}/{fit.get('agreement_on_departures_offline',0)*100:.1f}" if fit else "-"]
    line.append(fmt(total(tr, searched)) if os.path.exists(tr) else "-")
    line.append(fmt(total(ho)) if os.path.exists(ho) else "-")
    ns = os.path.join(d, 'report-never-seen/report.json')
    if os.path.exists(ns):
        line.append(fmt(total(ns)))
        for corpus in json.load(open(ns)):
            line.append(corpus['corpus'] + ' ' + fmt(total(ns, {corpus['corpus'] + '/' + m['module'] for m in corpus['modules']})))
    print(" | ".join(line))
