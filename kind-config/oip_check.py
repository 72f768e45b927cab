#!/usr/bin/env python3
"""Sends Open Inference Protocol v2 requests to a Strata pipeline and checks the answers.

Used by kind-config/e2e.sh. Standard library only. Checks:
  * GET /v2/models/{model} describes one FP32 input whose element count matches --input;
  * POST /v2/models/{model}/infer (JSON) answers FP32 data equal, within tolerance, to --expected
    (the unsplit model run locally by the strata CLI), the same answer for every request;
  * a request with the wrong shape answers 400 with an {"error": ...} body.
"""
import argparse
import json
import math
import struct
import sys
import urllib.error
import urllib.request


def read_f32(path):
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) % 4:
        sys.exit(f"oip_check: {path} is not raw float32 ({len(raw)} bytes)")
    return list(struct.unpack(f"<{len(raw) // 4}f", raw))


def call(method, url, body=None, timeout=60):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as e:
        text = e.read()
        try:
            return e.code, json.loads(text)
        except ValueError:
            return e.code, {"raw": text.decode(errors="replace")}


def fail(message):
    print(f"oip_check: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--model", required=True)
    p.add_argument("--input", required=True, help="raw little-endian float32")
    p.add_argument("--expected", required=True, help="raw little-endian float32")
    p.add_argument("--requests", type=int, default=5)
    p.add_argument("--tolerance", type=float, default=1e-3,
                   help="max |got - expected| relative to max(1, max |expected|)")
    a = p.parse_args()

    status, meta = call("GET", f"{a.url}/v2/models/{a.model}")
    if status != 200:
        fail(f"GET /v2/models/{a.model} answered {status}: {meta}")
    inputs = meta.get("inputs", [])
    if len(inputs) != 1 or inputs[0].get("datatype") != "FP32":
        fail(f"expected one FP32 input, metadata says {inputs}")
    name = inputs[0]["name"]
    shape = [1 if d < 0 else d for d in inputs[0]["shape"]]
    x = read_f32(a.input)
    if math.prod(shape) != len(x):
        fail(f"input {name} has shape {shape} ({math.prod(shape)} values); {a.input} has {len(x)}")
    expected = read_f32(a.expected)
    scale = max(1.0, max(abs(v) for v in expected))

    request = {"inputs": [{"name": name, "shape": shape, "datatype": "FP32", "data": x}]}
    first = None
    for i in range(a.requests):
        status, body = call("POST", f"{a.url}/v2/models/{a.model}/infer", request)
        if status != 200:
            fail(f"request {i}: infer answered {status}: {body}")
        outputs = body.get("outputs", [])
        if len(outputs) != 1:
            fail(f"request {i}: expected one output, got {[o.get('name') for o in outputs]}")
        out = outputs[0]
        got = out.get("data", [])
        if out.get("datatype") != "FP32" or math.prod(out.get("shape", [0])) != len(expected):
            fail(f"request {i}: output {out.get('datatype')} {out.get('shape')}, "
                 f"expected FP32 with {len(expected)} values")
        if len(got) != len(expected):
            fail(f"request {i}: {len(got)} values, expected {len(expected)}")
        worst = max(abs(g - e) for g, e in zip(got, expected))
        if worst > a.tolerance * scale:
            fail(f"request {i}: max |difference| {worst:.3g} to the unsplit model "
                 f"exceeds {a.tolerance} x {scale:.3g}")
        if first is None:
            first = got
        elif got != first:
            fail(f"request {i}: answer differs from request 0 on the same input")
        print(f"oip_check: request {i}: {out['shape']} max |diff| {worst:.2e}")

    bad = {"inputs": [{"name": name, "shape": [1, 3], "datatype": "FP32", "data": [0.0] * 3}]}
    status, body = call("POST", f"{a.url}/v2/models/{a.model}/infer", bad)
    if status != 400 or "error" not in body:
        fail(f"wrong-shape request answered {status} {body}, expected 400 with an error message")
    print(f"oip_check: wrong shape -> 400: {body['error']}")
    print(f"oip_check: PASS ({a.requests} requests)")


if __name__ == "__main__":
    main()
