"The web page in a real browser: Debian's headless Chromium, driven by selenium, against `prompt-retrieval serve` on localhost."
import os, shutil, socket, subprocess, sys, time
from pathlib import Path
import pytest
from conftest import ROOT

CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')
DRIVER = shutil.which('chromedriver')
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="needs Debian's chromium and chromium-driver (make setup installs them when it can)")

def _free_port()->int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

@pytest.fixture(scope='module')
def server(tmp_path_factory):
    "`prompt-retrieval serve` on the bundled library (base model), on a free port; stopped after the tests."
    port = _free_port()
    log = tmp_path_factory.mktemp('serve')/'serve.log'
    proc = subprocess.Popen([sys.executable, '-m', 'prompt_retrieval', 'serve', '--model', 'all-MiniLM-L6-v2', '--port', str(port)],
                            stdout=log.open('w'), stderr=subprocess.STDOUT, cwd=ROOT, env=os.environ | {'HF_HUB_OFFLINE': '1'})
    import httpx
    for _ in range(240):
        try:
            if httpx.get(f'http://127.0.0.1:{port}/api/health', timeout=1).status_code == 200: break
        except httpx.TransportError: pass
        if proc.poll() is not None: pytest.fail(f"serve exited: {log.read_text()[-2000:]}")
        time.sleep(0.5)
    else: pytest.fail(f"serve did not answer in 120 s: {log.read_text()[-2000:]}")
    yield f'http://127.0.0.1:{port}'
    proc.terminate(); proc.wait(10)

@pytest.fixture(scope='module')
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    for a in ('--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--window-size=1200,1400'): opts.add_argument(a)
    opts.binary_location = CHROMIUM
    d = webdriver.Chrome(service=Service(DRIVER), options=opts)
    yield d
    d.quit()

def test_search_filter_cards_more_like_this(server, browser, tmp_path):
    "Type a query, filter by genre, check the cards, copy, 'more like this', Back, a shared link, an unknown genre; save a screenshot."

    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait
    wait = WebDriverWait(browser, 30)
    browser.get(server + '/')
    wait.until(lambda d: len(Select(d.find_element(By.ID, 'genre')).options) > 10)  # filled from /api/facets
    for control in ('q', 'genre', 'theme', 'kind', 'k'):  # every control has a label
        assert browser.find_element(By.CSS_SELECTOR, f'label[for="{control}"]').text
    Select(browser.find_element(By.ID, 'genre')).select_by_value('Horror')
    box = browser.find_element(By.ID, 'q')
    box.send_keys('a ghost that will not leave the house', Keys.ENTER)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '#results .card'))
    cards = browser.find_elements(By.CSS_SELECTOR, '#results .card')
    assert len(cards) == 10
    assert all('Horror' in c.find_element(By.CSS_SELECTOR, '.meta').text for c in cards)
    assert all(c.find_element(By.CSS_SELECTOR, 'h3').text and c.find_element(By.CSS_SELECTOR, '.text').text for c in cards)
    assert 'q=a+ghost' in browser.current_url and 'genre=Horror' in browser.current_url  # the search is in the URL
    first = cards[0].get_attribute('data-prompt-id')
    shot = Path(os.environ.get('PROMPT_RETRIEVAL_SCREENSHOT', tmp_path/'web_page.png'))  # the README's: see its 'Service' section
    shot.parent.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(shot)) and shot.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
    cards[0].find_element(By.CSS_SELECTOR, 'button.copy').click()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '#results .card')[0].find_element(By.CSS_SELECTOR, 'button.copy').text in ('Copied', 'Copy'))
    cards[0].find_element(By.CSS_SELECTOR, 'button.more').click()
    wait.until(lambda d: f'similar={first}' in d.current_url)
    wait.until(lambda d: 'prompts like' in d.find_element(By.ID, 'status').text)
    similar = [c.get_attribute('data-prompt-id') for c in browser.find_elements(By.CSS_SELECTOR, '#results .card')]
    assert similar and first not in similar
    browser.back()  # Back returns to the search
    wait.until(lambda d: 'q=a+ghost' in d.current_url and 'prompts for' in d.find_element(By.ID, 'status').text)
    # a shared link opens on its results
    browser.get(server + '/?q=sci-fi+first+contact&kind=fiction&k=5')
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, '#results .card')) == 5)
    assert browser.find_element(By.ID, 'q').get_attribute('value') == 'sci-fi first contact'
    # an unknown genre in a link is explained, not a blank page
    browser.get(server + '/?q=ghost&genre=Horor')
    wait.until(lambda d: "did you mean 'Horror'" in d.find_element(By.ID, 'status').text)

def test_docs_page_renders_offline(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    browser.get(server + '/docs')
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, '.opblock'))
    assert any('/api/search' in e.text for e in browser.find_elements(By.CSS_SELECTOR, '.opblock-summary-path'))
