#!/usr/bin/env python3
"""Writes a gateway configuration of N services of one kind, all against one local listener.

usage: gen.py N KIND PORT OUT.json   (KIND: tcp or http; every http service a different path on the listener)
"""
import json
import sys

count, kind, port, out = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
services = {}
for i in range(count):
    url = f"tcp://127.0.0.1:{port}" if kind == "tcp" else f"http://127.0.0.1:{port}/s/{i}"
    services[f"svc{i:05d}"] = {"Kind": kind, "Url": url}
with open(out, "w") as f:
    json.dump({"HealthGateway": {"PollInterval": "00:00:10", "HistorySize": 100, "Services": services}}, f)
