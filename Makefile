# The two commands of the README, plus helpers. Each creates the virtual environment .venv when it is missing.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.medclust-installed
OUT ?= medclust_out/demo

.PHONY: demo test venv export clean-nbs readme samples reproduce bench

$(STAMP): settings.ini setup.py
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev,fast]"
	@touch $(STAMP)

venv: $(STAMP)

## demo: cluster the bundled real chest X-ray folder (offline, pretrained EfficientNet-Lite0) into $(OUT)
demo: $(STAMP)
	$(BIN)/medclust cluster --sample chest_xray_folder --k 2 --out $(OUT) --overwrite

## test: the whole suite: every notebook through nbdev's runner, library/notebook/README sync checks
test: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python -m pytest tests -p no:cacheprovider -q -rA --durations=10

export: $(STAMP)
	$(BIN)/nbdev_clean && $(BIN)/nbdev_export && $(BIN)/python scripts/make_readme.py

samples: $(STAMP)
	$(BIN)/python scripts/make_samples.py --src ../shared/data

reproduce: $(STAMP)
	$(BIN)/medclust reproduce

bench: $(STAMP)
	$(BIN)/python bench/bench_loading.py
