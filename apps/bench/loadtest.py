"""One page under load with locust (as a library), in a process of its own (gevent patches it):

    python -m apps.bench.loadtest SPEC.json   → prints one JSON line of results

SPEC: {"host", "users", "seconds", "warmup", "wait": [min, max] or null, "targets": [{"url", "cookie"}]}. Each
simulated user takes the next target (its own URL and signed-in session cookie) and asks for it again and again
(with `wait` seconds between, or none: saturation). The statistics are reset after `warmup` seconds. A response
other than 200 (a redirect to the sign-in page, a 403) counts as a failure.
"""

import json
import sys

from gevent import monkey

monkey.patch_all()

import gevent  # noqa: E402
from locust import FastHttpUser, between, constant, task  # noqa: E402
from locust.env import Environment  # noqa: E402


def main(path: str) -> int:
    with open(path) as handle:
        spec = json.load(handle)
    targets = spec["targets"]
    counter = iter(range(10**9))

    class PageUser(FastHttpUser):
        host = spec["host"]
        wait_time = between(*spec["wait"]) if spec.get("wait") else constant(0)

        def on_start(self):
            target = targets[next(counter) % len(targets)]
            self.url = target["url"]
            self.headers = {"Cookie": target["cookie"]}

        @task
        def page(self):
            with self.client.get(
                self.url, headers=self.headers, name="page", allow_redirects=False, catch_response=True
            ) as response:
                if response.status_code != 200:
                    response.failure(f"status {response.status_code}")

    env = Environment(user_classes=[PageUser])
    runner = env.create_local_runner()
    runner.start(spec["users"], spawn_rate=spec["users"])
    gevent.sleep(spec["warmup"])
    env.stats.reset_all()
    gevent.sleep(spec["seconds"])
    total = env.stats.total
    result = {
        "requests": total.num_requests,
        "failures": total.num_failures,
        "rps": round(total.num_requests / spec["seconds"], 2),
        "p50_ms": total.get_response_time_percentile(0.50),
        "p95_ms": total.get_response_time_percentile(0.95),
        "p99_ms": total.get_response_time_percentile(0.99),
        "mean_ms": round(total.avg_response_time, 1),
        "errors": [str(error.error) for error in list(env.stats.errors.values())[:3]],
    }
    runner.quit()
    print("BENCH-RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
