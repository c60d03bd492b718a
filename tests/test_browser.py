"""A student's session in a real browser: JupyterLab in headless Chromium.

One JupyterLab server (this environment's Python as its kernel, fast profile)
serves copies of the notebooks; Playwright drives Debian's chromium through it.

- Notebook 01 (the student notebook): run it, see `grader.check("q1")` fail on
  the unanswered question, type the answer into the question's cell, run the
  check again and read otter's pass message from the page.
- Notebook 03's playground: run the master (a student notebook with every
  answer in), find the ipywidgets control, change the dataset, and see the
  decision-boundary figure replaced.

Cells are found by what they contain (the `grader.check("q1")` call, the `...`
placeholders, the `ipywidgets.interact` call), not by position, so the
notebooks can change around them. `./scripts/test` installs chromium (apt-get,
as root) and Playwright (the `dev` extra); the test skips only where chromium
is missing and cannot be installed (not root), and fails in CI.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
STUDENT_01 = next((ROOT / "notebooks").glob("01_*.ipynb"), None)
MASTER_03 = next((ROOT / "solutions").glob("03_*.ipynb"), None)
RUN_TIMEOUT_S = 600  # a whole notebook in the fast profile, on shared CPU cores
SERVER_TIMEOUT_S = 120
SETTINGS = {
    # Every cell in the page: JupyterLab 4 otherwise renders only the visible ones.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    # No news or update toasts over the cells (and no network calls for them).
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}


def chromium_path() -> str | None:
    """Debian's chromium (Playwright's own browser download is not used)."""
    for candidate in (os.environ.get("DLCOURSE_CHROMIUM"), shutil.which("chromium"),
                      "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@pytest.fixture(scope="module")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        how = "./scripts/test installs it as root (apt-get install chromium)"
        if os.environ.get("CI") or os.geteuid() == 0:
            pytest.fail(f"Expected Debian's chromium at /usr/bin/chromium; it is missing. {how}.")
        pytest.skip(f"chromium is not installed and this user cannot install it: {how}, "
                    "or run `sudo apt-get install chromium` and test again.")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_json(path: Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value))


@pytest.fixture(scope="module")
def lab(tmp_path_factory, chromium):
    """(base URL, token, folder): JupyterLab on this environment, isolated from the user's."""
    for module in ("jupyterlab", "ipywidgets", "playwright"):
        try:
            __import__(module)
        except ImportError:
            pytest.fail(f"Expected {module} in this environment (the `dev` extra). "
                        "Run ./scripts/test, or pip install -e '.[dev]'.")
    home = tmp_path_factory.mktemp("lab")
    work = home / "work"
    work.mkdir()
    for notebook in (STUDENT_01, MASTER_03):
        shutil.copy(notebook, work / notebook.name)
    config, data = home / "config", home / "data"
    for name, value in SETTINGS.items():
        _write_json(config / "lab" / "user-settings" / name, value)
    # The kernel is this interpreter, whatever kernels the machine has registered.
    _write_json(data / "kernels" / "python3" / "kernel.json", {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3", "language": "python"})
    env = dict(os.environ, DLCOURSE_PROFILE="fast", JUPYTER_CONFIG_DIR=str(config),
               JUPYTER_DATA_DIR=str(data), JUPYTER_PATH=str(data),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTERLAB_WORKSPACES_DIR=str(home))
    port, token = _free_port(), "dlcourse-browser-test"
    log = (home / "jupyterlab.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
         f"--ServerApp.port={port}", "--ServerApp.ip=127.0.0.1", f"--ServerApp.token={token}",
         f"--ServerApp.root_dir={work}", "--LabApp.expose_app_in_browser=True"],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=work)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_TIMEOUT_S
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                tail = (home / "jupyterlab.log").read_text()[-3000:]
                pytest.fail(f"JupyterLab did not start within {SERVER_TIMEOUT_S} s:\n{tail}")
            time.sleep(0.5)
    yield base, token, work
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="module")
def browser(lab, chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # --no-sandbox: Chromium refuses to sandbox as root (CI's user).
        instance = p.chromium.launch(executable_path=chromium, headless=True,
                                     args=["--no-sandbox"])
        yield instance
        instance.close()


def _code_cells(path: Path) -> list[tuple[int, str]]:
    cells = json.loads(path.read_text())["cells"]
    return [(i, "".join(c["source"])) for i, c in enumerate(cells) if c["cell_type"] == "code"]


def _open(browser, lab, name: str):
    """A page with the notebook open and its kernel idle."""
    base, token, _ = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    page.goto(f"{base}/lab/tree/{name}?reset&token={token}")  # reset: no tabs restored
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=SERVER_TIMEOUT_S * 1000)
    _wait_idle(page, SERVER_TIMEOUT_S)
    return page


def _wait_idle(page, timeout_s: float) -> None:
    """Kernel idle and no cell running or queued (`[*]`)."""
    page.wait_for_function(
        """() => {
            const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
            const kernel = w && w.sessionContext && w.sessionContext.session
                && w.sessionContext.session.kernel;
            if (!kernel || kernel.status !== 'idle') return false;
            return ![...document.querySelectorAll('.jp-InputPrompt')]
                .some(p => p.textContent.includes('*'));
        }""", timeout=timeout_s * 1000, polling=500)


def _run_all(page) -> None:
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_timeout(1000)  # the queue shows [*] before the kernel reports busy
    _wait_idle(page, RUN_TIMEOUT_S)


def _cell(page, index: int):
    return page.locator(".jp-NotebookPanel:visible .jp-Notebook .jp-Cell").nth(index)


def _run_cell(page, index: int) -> str:
    """Runs one cell as a student does (click, Shift+Enter) and returns its output's text."""
    cell = _cell(page, index)
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    page.wait_for_timeout(500)
    _wait_idle(page, RUN_TIMEOUT_S)
    return cell.locator(".jp-OutputArea").inner_text()


def _type_into(page, index: int, text: str) -> None:
    """Replaces a cell's code with `text`, typed into its editor."""
    _cell(page, index).locator(".jp-InputArea-editor .cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    # insert_text, not type: no auto-closed brackets or auto-indent to undo.
    page.keyboard.insert_text(text)


def q1_cells(student: Path, master: Path) -> tuple[int, int, str]:
    """(answer cell index, check cell index, answer) for question 1.

    The answer cell is the last code cell with a `...` placeholder before the
    `grader.check("q1")` cell; the answer is the master's solution cell for q1
    with otter's SOLUTION markers removed.
    """
    cells = _code_cells(student)
    # A line that calls it (the checks cell only mentions it in a comment).
    check = next(i for i, s in cells
                 if re.search(r"""^\s*grader\.check\(\s*["']q1["']\s*\)""", s, re.M))
    answer = max(i for i, s in cells if i < check and re.search(r"(^|[=(\s])\.\.\.", s)
                 and "grader" not in s)
    placeholder = dict(cells)[answer]
    # The master's cell that becomes the placeholder: the q1 block's solution cell
    # whose lines outside the solution match the placeholder's.
    kept = [ln for ln in placeholder.splitlines() if "..." not in ln]
    cells = json.loads(master.read_text())["cells"]
    start = next(i for i, c in enumerate(cells) if c["cell_type"] == "raw"
                 and re.search(r"BEGIN QUESTION[\s\S]*name:\s*q1\b", "".join(c["source"])))
    for c in cells[start:]:
        source = "".join(c["source"])
        if c["cell_type"] == "raw" and "END QUESTION" in source:
            break
        if c["cell_type"] != "code" or "SOLUTION" not in source:
            continue
        lines = [ln for ln in source.splitlines()
                 if not re.match(r"\s*#\s*(BEGIN|END) SOLUTION", ln)]
        solution = [re.sub(r"\s*#\s*SOLUTION\s*$", "", ln) for ln in lines]
        if all(ln in solution for ln in kept):
            return answer, check, "\n".join(solution)
    raise AssertionError(f"No solution cell in {master.name} matches q1's placeholder cell "
                         f"{answer} of {student.name}:\n{placeholder}")


def test_student_answers_question_1_and_reads_the_check(browser, lab):
    master = next((ROOT / "solutions").glob(STUDENT_01.name))
    answer, check, solution = q1_cells(STUDENT_01, master)
    page = _open(browser, lab, STUDENT_01.name)
    try:
        _run_all(page)
        unanswered = _run_cell(page, check)
        assert "q1" in unanswered and "passed" not in unanswered.lower(), (
            f"Expected grader.check('q1') to fail on the unanswered question; the page shows:\n"
            f"{unanswered}")
        _type_into(page, answer, solution)
        _run_cell(page, answer)
        answered = _run_cell(page, check)
        assert re.search(r"q1\s+passed", answered), (
            f"Expected otter's 'q1 passed' after typing the master's answer:\n{solution}\n"
            f"The page shows:\n{answered}")
    finally:
        page.close()


def _figure(cell) -> str:
    images = cell.locator(".jp-OutputArea img")
    return images.last.get_attribute("src") if images.count() else ""


def test_playground_widget_renders_and_updates(browser, lab):
    cells = _code_cells(MASTER_03)
    index = next((i for i, s in cells if re.search(r"ipywidgets\.interact", s)), None)
    assert index is not None, f"Expected an ipywidgets.interact cell in {MASTER_03.name}"
    page = _open(browser, lab, MASTER_03.name)
    try:
        _run_all(page)
        cell = _cell(page, index)
        widget = cell.locator(".jp-OutputArea .widget-interact")
        widget.wait_for(state="visible")
        button = widget.locator("button")  # interact_manual's "Run Interact"; interact has none

        def show() -> None:
            if button.count():
                button.first.click()
            page.wait_for_timeout(500)
            _wait_idle(page, RUN_TIMEOUT_S)

        if not _figure(cell):
            show()
        before = _figure(cell)
        assert before.startswith("data:image"), (
            f"Expected the playground to draw a figure; its output shows:\n"
            f"{cell.locator('.jp-OutputArea').inner_text()}")
        dataset = widget.locator("select").first
        options = [o for o in dataset.locator("option").all_inner_texts()
                   if o != dataset.input_value()]
        dataset.select_option(label=options[0])
        show()
        page.wait_for_function(
            "([el, old]) => { const imgs = el.querySelectorAll('.jp-OutputArea img');"
            " return imgs.length && imgs[imgs.length - 1].src !== old; }",
            arg=[cell.element_handle(), before], timeout=RUN_TIMEOUT_S * 1000)
        assert _figure(cell) != before
    finally:
        page.close()
