# The two commands a newcomer needs (see README.md):
#   make run    set up .venv/ and run the main job on the bundled defaults
#   make test   set up .venv/ the same way and run the whole test suite (what CI runs)
# Both are idempotent: .venv/ is created once and re-installed only when settings.ini or setup.py change.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXTRAS ?= dev
comma := ,
STAMP := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS))
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export MPLBACKEND := Agg

.PHONY: setup run test readme export clean-venv

$(STAMP): settings.ini setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch first, pinned: 2.13.0 is a CPU build; an unpinned torch pulls a multi-GB CUDA build
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e ".[$(EXTRAS)]"
	touch $@

setup: $(STAMP)

# The main job, so far: summarise the library, list the models, build the golden dataset and run the
# baselines (executed notebooks and reports land in evaluation_results/).
run: setup
	$(BIN)/prompt-retrieval describe
	$(BIN)/prompt-retrieval models
	$(BIN)/papermill -k python3 --log-level WARNING nbs/02_generate.ipynb evaluation_results/02_generate.ipynb
	$(BIN)/papermill -k python3 --log-level WARNING nbs/05_baselines.ipynb evaluation_results/05_baselines.ipynb
	@echo "report: evaluation_results/baselines/report.md"

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
