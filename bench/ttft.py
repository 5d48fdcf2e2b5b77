"""Time to first token with the official OpenAI Python client: N streamed requests, one at a time.

    python3 bench/ttft.py BASE_URL API_KEY MODEL N [label]

Prints one line: label n= p50= p90= p99= max= (milliseconds, from the request to the first content delta).
"""

import statistics
import sys
import time

from openai import OpenAI

base_url, key, model, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
label = sys.argv[5] if len(sys.argv) > 5 else base_url
client = OpenAI(base_url=base_url, api_key=key, max_retries=0, timeout=30)
samples = []
for i in range(n + 20):
    start = time.perf_counter()
    stream = client.chat.completions.create(
        model=model, stream=True, messages=[{"role": "user", "content": f"question {i} about our order"}])
    first = None
    for chunk in stream:
        if first is None and chunk.choices and chunk.choices[0].delta.content:
            first = time.perf_counter() - start
    if i >= 20:  # the first requests warm both sides up
        samples.append(first * 1000)
samples.sort()
q = lambda p: samples[min(len(samples) - 1, int(p * len(samples)))]
print(f"{label} n={len(samples)} p50={q(0.50):.2f} p90={q(0.90):.2f} p99={q(0.99):.2f} max={samples[-1]:.2f}"
      f" mean={statistics.mean(samples):.2f}")
