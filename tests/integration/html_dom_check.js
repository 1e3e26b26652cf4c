// Loads an urlcheck html report in headless Chromium and reports what a
// person would see and do with it, as one JSON object on stdout; the
// assertions are made by tests/integration/html_browser_test.cpp.
//
// Chromium is driven over the DevTools protocol on a pipe
// (--remote-debugging-pipe: requests on fd 3, replies and events on fd 4,
// each message JSON ended by a NUL byte), so nothing here needs a package
// beyond Node itself and no port is opened. Clicks and key presses are real
// input events at the element's position, so the page's own handlers run as
// they would for a user.
//
//   node html_dom_check.js --chromium /usr/bin/chromium --page FILE --profile DIR
//        [--light PNG] [--dark PNG] [--large] [--timeout-ms N]
//
// --large: only what a 100,000-row page is checked for (the load time, the
// row count, the time a sort by time takes), no per-row data.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

function parseArgs(argv) {
  const args = { timeoutMs: 60000, large: false };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(name + ' needs a value');
      return argv[++i];
    };
    if (name === '--chromium') args.chromium = value();
    else if (name === '--page') args.page = path.resolve(value());
    else if (name === '--profile') args.profile = value();
    else if (name === '--light') args.light = value();
    else if (name === '--dark') args.dark = value();
    else if (name === '--timeout-ms') args.timeoutMs = Number(value());
    else if (name === '--large') args.large = true;
    else throw new Error('unknown argument ' + name);
  }
  for (const required of ['chromium', 'page', 'profile']) {
    if (!args[required]) throw new Error('--' + required + ' is required');
  }
  return args;
}

// One DevTools connection: send() answers with the reply's result, events
// go to every listener.
class DevTools {
  constructor(input, output) {
    this.input = input;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = new Set();
    this.buffered = Buffer.alloc(0);
    output.on('data', (chunk) => this.receive(chunk));
  }

  receive(chunk) {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    let end;
    while ((end = this.buffered.indexOf(0)) >= 0) {
      const message = JSON.parse(this.buffered.subarray(0, end).toString('utf8'));
      this.buffered = this.buffered.subarray(end + 1);
      if (message.id !== undefined && this.pending.has(message.id)) {
        const { resolve, reject, method } = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) reject(new Error(method + ': ' + JSON.stringify(message.error)));
        else resolve(message.result);
      } else if (message.method) {
        for (const listener of this.listeners) listener(message);
      }
    }
  }

  send(method, params = {}, sessionId = undefined) {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject, method });
      const message = { id, method, params };
      if (sessionId) message.sessionId = sessionId;
      this.input.write(JSON.stringify(message) + '\0');
    });
  }

  // The next event `method` of `sessionId`, or an error after `timeoutMs`.
  next(method, sessionId, timeoutMs) {
    return new Promise((resolve, reject) => {
      const listener = (message) => {
        if (message.method !== method || message.sessionId !== sessionId) return;
        this.listeners.delete(listener);
        clearTimeout(timer);
        resolve(message.params);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error('no ' + method + ' within ' + timeoutMs + ' ms'));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }
}

// A tab: evaluate() runs an expression in the page and returns its value.
class Tab {
  constructor(devtools, sessionId) {
    this.devtools = devtools;
    this.sessionId = sessionId;
  }

  send(method, params = {}) {
    return this.devtools.send(method, params, this.sessionId);
  }

  async evaluate(expression) {
    const reply = await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (reply.exceptionDetails) {
      throw new Error('page threw: ' + JSON.stringify(reply.exceptionDetails).slice(0, 2000));
    }
    return reply.result.value;
  }

  async load(url, timeoutMs) {
    const loaded = this.devtools.next('Page.loadEventFired', this.sessionId, timeoutMs);
    const started = Date.now();
    await this.send('Page.navigate', { url });
    await loaded;
    const loadMs = Date.now() - started;
    // Two animation frames: the table has been laid out and painted.
    await this.evaluate('new Promise(function (done) { requestAnimationFrame(function () { requestAnimationFrame(done); }); })');
    return { loadMs, paintedMs: Date.now() - started };
  }

  // A left click at the middle of the element `selector` picks.
  async click(selector) {
    const point = await this.evaluate(`(function () {
      var element = document.querySelector(${JSON.stringify(selector)});
      if (!element) return null;
      element.scrollIntoView({block: 'center'});
      var box = element.getBoundingClientRect();
      return {x: box.left + box.width / 2, y: box.top + box.height / 2};
    })()`);
    if (!point) throw new Error('nothing to click at ' + selector);
    await this.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: point.x, y: point.y });
    await this.send('Input.dispatchMouseEvent', { type: 'mousePressed', x: point.x, y: point.y, button: 'left', clickCount: 1 });
    await this.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x: point.x, y: point.y, button: 'left', clickCount: 1 });
  }

  // Enter on the element `selector` picks, as a keyboard user presses it.
  async pressEnter(selector) {
    const focused = await this.evaluate(`(function () {
      var element = document.querySelector(${JSON.stringify(selector)});
      if (!element) return false;
      element.focus();
      return document.activeElement === element;
    })()`);
    if (!focused) throw new Error('cannot focus ' + selector);
    const key = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 };
    await this.send('Input.dispatchKeyEvent', Object.assign({ type: 'keyDown', text: '\r' }, key));
    await this.send('Input.dispatchKeyEvent', Object.assign({ type: 'keyUp' }, key));
  }

  // The whole page when it is not too tall, else what the window shows
  // (drawing a 100,000-row page beyond the window takes longer than the rest).
  async screenshot(file) {
    await this.evaluate('window.scrollTo(0, 0)');
    const height = await this.evaluate('document.documentElement.scrollHeight');
    const whole = height <= 4000 ? { captureBeyondViewport: true, clip: { x: 0, y: 0, width: 1400, height, scale: 1 } } : {};
    const shot = await this.send('Page.captureScreenshot', Object.assign({ format: 'png' }, whole));
    fs.writeFileSync(file, Buffer.from(shot.data, 'base64'));
  }
}

// What the table shows now, in the order it shows it.
const readRows = `(function () {
  var table = document.getElementById('entries');
  var th = table.tHead.rows[0].cells;
  var sort = [];
  for (var i = 0; i < th.length; i++) sort.push(th[i].getAttribute('aria-sort'));
  return {
    sort: sort,
    rows: Array.prototype.map.call(table.tBodies[0].rows, function (row) {
      return {
        state: row.className,
        label: row.cells[0].textContent,
        url: row.cells[1].textContent,
        status: row.cells[2].textContent,
        time: row.cells[5].getAttribute('data-v'),
        source: row.cells[6].textContent,
        visible: row.getClientRects().length > 0
      };
    })
  };
})()`;

// Everything on the page that could load or run something, and what ran.
const readSafety = `(function () {
  var loaders = [];
  document.querySelectorAll('[src],[srcset],[action],[poster],[data],[formaction],link,iframe,object,embed,img,base')
    .forEach(function (e) { loaders.push(e.outerHTML.slice(0, 200)); });
  var links = [];
  document.querySelectorAll('[href]').forEach(function (e) {
    links.push({tag: e.tagName, href: e.getAttribute('href'), rel: e.getAttribute('rel'), inTable: !!e.closest('#entries tbody')});
  });
  var handlers = [];
  document.querySelectorAll('*').forEach(function (e) {
    for (var i = 0; i < e.attributes.length; i++) {
      if (/^on/i.test(e.attributes[i].name)) handlers.push(e.tagName + ' ' + e.attributes[i].name);
    }
  });
  var csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
  return {
    scripts: document.scripts.length,
    styles: document.querySelectorAll('style').length,
    loaders: loaders,
    links: links,
    handlers: handlers,
    pwned: typeof window.__pwned === 'undefined' ? null : String(window.__pwned),
    violations: window.__violations || [],
    csp: csp ? csp.getAttribute('content') : null,
    title: document.title,
    charset: document.characterSet,
    controlsShown: !document.getElementById('controls').hidden,
    headerButtons: document.querySelectorAll('#entries thead th button').length
  };
})()`;

// How the page looks: colours, and where the bars' phases end (the
// gradient stops the reporter's classes set, as the browser computed them).
const readLook = `(function () {
  var down = document.querySelector('#entries tbody tr.down td');
  var bars = Array.prototype.map.call(document.querySelectorAll('#entries .bar'), function (bar) {
    var style = getComputedStyle(bar);
    return {
      source: bar.closest('tr').cells[6].textContent,
      width: bar.getBoundingClientRect().width,
      ends: ['--a', '--b', '--c', '--d', '--e'].map(function (name) { return style.getPropertyValue(name).trim(); })
    };
  });
  return {
    background: getComputedStyle(document.body).backgroundColor,
    text: getComputedStyle(document.body).color,
    downLabel: down ? getComputedStyle(down).color : null,
    bars: bars
  };
})()`;

const waitFrames = 'new Promise(function (done) { requestAnimationFrame(function () { requestAnimationFrame(done); }); })';

// Progress on stderr, which the test shows only when something fails.
const begun = Date.now();
function step(what) {
  process.stderr.write('html_dom_check: ' + (Date.now() - begun) + ' ms: ' + what + '\n');
}

async function check(args, tab) {
  const url = 'file://' + args.page;
  const facts = {};

  await tab.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: 'light' }] });
  step('loading ' + url);
  facts.load = await tab.load(url, args.timeoutMs);
  step('loaded');

  if (args.large) {
    facts.rowCount = await tab.evaluate("document.querySelectorAll('#entries tbody tr').length");
    facts.fileBytes = fs.statSync(args.page).size;
    // A sort by time, measured in the page from the click to the next
    // painted frame.
    facts.sortMs = await tab.evaluate(`(function () {
      var started = performance.now();
      document.querySelectorAll('#entries thead th button')[5].click();
      return new Promise(function (done) {
        requestAnimationFrame(function () { requestAnimationFrame(function () { done(performance.now() - started); }); });
      });
    })()`);
    const sorted = await tab.evaluate(`(function () {
      var rows = document.getElementById('entries').tBodies[0].rows;
      var previous = -Infinity, ordered = true;
      for (var i = 0; i < rows.length; i++) {
        var v = parseFloat(rows[i].cells[5].getAttribute('data-v'));
        if (v < previous) ordered = false;
        previous = v;
      }
      return {ordered: ordered, ariaSort: document.querySelectorAll('#entries thead th')[5].getAttribute('aria-sort')};
    })()`);
    facts.sortedByTime = sorted;
    step('sorted');
    // The whole-page scan of readSafety takes seconds here; the fixture's
    // page has it. What ran and what the policy refused:
    facts.safety = await tab.evaluate(`({
      scripts: document.scripts.length,
      pwned: typeof window.__pwned === 'undefined' ? null : String(window.__pwned),
      violations: window.__violations || [],
      links: document.querySelectorAll('a[href]').length
    })`);
    if (args.light) await tab.screenshot(args.light);
    step('screenshot taken');
    return facts;
  }

  facts.initial = await tab.evaluate(readRows);
  facts.safety = await tab.evaluate(readSafety);
  facts.light = await tab.evaluate(readLook);

  // Does `action`, waits for the page to be painted, reads the rows.
  const rowsAfter = async (action) => {
    await action();
    await tab.evaluate(waitFrames);
    return tab.evaluate(readRows);
  };
  const header = (column) => '#entries thead th:nth-child(' + column + ') button';

  // Sorting by time with the mouse: ascending, then descending.
  facts.timeAscending = await rowsAfter(() => tab.click(header(6)));
  facts.timeDescending = await rowsAfter(() => tab.click(header(6)));
  // Sorting by status with the keyboard (headers are buttons).
  facts.statusByKeyboard = await rowsAfter(() => tab.pressEnter(header(3)));
  // Back to the report's own order: by state.
  facts.stateAscending = await rowsAfter(() => tab.click(header(1)));

  // The filter box, typed into.
  await tab.click('#filter');
  await tab.send('Input.insertText', { text: 'example.com/health' });
  await new Promise((done) => setTimeout(done, 400));
  facts.filtered = await tab.evaluate(readRows);
  facts.filteredCount = await tab.evaluate("document.getElementById('shown').textContent");
  await tab.evaluate("(function () { var f = document.getElementById('filter'); f.value = ''; f.dispatchEvent(new Event('input')); })()");
  await new Promise((done) => setTimeout(done, 400));

  // A state toggle: hide the up entries.
  facts.withoutUp = await rowsAfter(() => tab.click('#controls input[data-state="up"]'));
  facts.withoutUpCount = await tab.evaluate("document.getElementById('shown').textContent");

  // Safety again after every handler ran.
  facts.safetyAfter = await tab.evaluate(readSafety);

  // Screenshots of the page as it opens, light and dark.
  await tab.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: 'light' }] });
  await tab.load(url, args.timeoutMs);
  if (args.light) await tab.screenshot(args.light);
  await tab.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: 'dark' }] });
  await tab.load(url, args.timeoutMs);
  facts.dark = await tab.evaluate(readLook);
  if (args.dark) await tab.screenshot(args.dark);
  return facts;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const chromium = spawn(args.chromium, [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--remote-debugging-pipe',
    '--user-data-dir=' + args.profile, '--no-first-run', '--no-default-browser-check',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-extensions', '--disable-default-apps', '--disable-dev-shm-usage', '--hide-scrollbars',
    '--window-size=1400,1000', 'about:blank',
  ], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });

  // Chromium's own chatter, shown only when something fails.
  let chromiumLog = '';
  chromium.stderr.on('data', (chunk) => { chromiumLog = (chromiumLog + chunk.toString()).slice(-8000); });
  let exited = false;
  chromium.on('exit', () => { exited = true; });

  const fail = (error) => {
    process.stderr.write('html_dom_check: ' + (error && error.stack ? error.stack : error) + '\n');
    process.stderr.write('--- chromium stderr (last lines) ---\n' + chromiumLog + '\n');
    if (!exited) chromium.kill('SIGKILL');
    process.exit(1);
  };
  const watchdog = setTimeout(() => fail(new Error('gave up after ' + args.timeoutMs + ' ms')), args.timeoutMs);
  chromium.on('error', fail);

  try {
    const devtools = new DevTools(chromium.stdio[3], chromium.stdio[4]);
    const { targetId } = await devtools.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await devtools.send('Target.attachToTarget', { targetId, flatten: true });
    const tab = new Tab(devtools, sessionId);

    const requests = [];
    const problems = [];
    devtools.listeners.add((message) => {
      if (message.sessionId !== sessionId) return;
      const p = message.params;
      if (message.method === 'Network.requestWillBeSent') requests.push(p.request.url);
      if (message.method === 'Runtime.exceptionThrown') problems.push('exception: ' + JSON.stringify(p.exceptionDetails).slice(0, 500));
      if (message.method === 'Runtime.consoleAPICalled') {
        problems.push('console.' + p.type + ': ' + p.args.map((a) => a.value).join(' '));
      }
      if (message.method === 'Log.entryAdded' && (p.entry.level === 'error' || p.entry.level === 'warning')) {
        problems.push('log ' + p.entry.source + ' ' + p.entry.level + ': ' + p.entry.text);
      }
    });
    await tab.send('Page.enable');
    await tab.send('Runtime.enable');
    await tab.send('Network.enable');
    await tab.send('Log.enable');
    await tab.send('Emulation.setDeviceMetricsOverride', { width: 1400, height: 1000, deviceScaleFactor: 1, mobile: false });
    // Run before the page's own script (DevTools scripts are exempt from
    // its policy): records every policy violation, such as the page's own
    // script refused because its hash is wrong.
    await tab.send('Page.addScriptToEvaluateOnNewDocument', {
      source: "window.__violations = []; document.addEventListener('securitypolicyviolation', function (e) {" +
        " window.__violations.push(e.violatedDirective + ' ' + e.blockedURI); });",
    });

    const facts = await check(args, tab);
    facts.requests = requests;
    facts.problems = problems;
    process.stdout.write(JSON.stringify(facts) + '\n');

    clearTimeout(watchdog);
    await devtools.send('Browser.close').catch(() => {});
    const closed = new Promise((done) => (exited ? done() : chromium.on('exit', done)));
    await Promise.race([closed, new Promise((done) => setTimeout(done, 5000))]);
    if (!exited) chromium.kill('SIGKILL');
    process.exit(0);
  } catch (error) {
    fail(error);
  }
}

main();
