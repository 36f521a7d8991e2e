#!/usr/bin/env python3
"""Merge the OpenAPI document: docs/openapi.json (the base) plus every docs/openapi/*.json
fragment ({"paths": {...}, "components": {"schemas": {...}, ...}}), in name order.
A path+method or a component defined twice is an error. Usage: openapi-merge.py OUT ROOT"""
import glob
import json
import os
import sys

out, root = sys.argv[1], sys.argv[2]
doc = json.load(open(os.path.join(root, 'docs', 'openapi.json'), encoding='utf-8'))
for path in sorted(glob.glob(os.path.join(root, 'docs', 'openapi', '*.json'))):
    frag = json.load(open(path, encoding='utf-8'))
    for p, ops in frag.get('paths', {}).items():
        target = doc.setdefault('paths', {}).setdefault(p, {})
        for m, op in ops.items():
            if m in target:
                sys.exit(f'{path}: {m.upper()} {p} is defined twice')
            target[m] = op
    for section, items in frag.get('components', {}).items():
        target = doc.setdefault('components', {}).setdefault(section, {})
        for k, v in items.items():
            if k in target and target[k] != v:
                sys.exit(f'{path}: components.{section}.{k} is defined twice')
            target[k] = v
    for t in frag.get('tags', []):
        if t not in doc.setdefault('tags', []):
            doc['tags'].append(t)
# Every API write takes an Idempotency-Key (src/web/idempotency.c) unless its operation says
# "x-idempotency": false (the routes flagged ROUTE_NO_IDEMPOTENCY): one shared parameter,
# added here rather than repeated in every operation. A unit test matches it to the routes.
IDEM = {'$ref': '#/components/parameters/idempotency_key'}
for p, ops in doc.get('paths', {}).items():
    if not p.startswith('/api/'):
        continue
    for m, op in ops.items():
        if m not in ('post', 'put', 'patch', 'delete') or op.pop('x-idempotency', True) is False:
            continue
        params = op.setdefault('parameters', [])
        if IDEM not in params:
            params.append(IDEM)
with open(out, 'w', encoding='utf-8') as fh:
    json.dump(doc, fh, ensure_ascii=False, indent=1)
    fh.write('\n')
