// Loads XHTML pages of unpacked EPUBs in headless Chromium at each viewport and reports
// what a reader would see, as JSON on stdout: how wide each page is against the screen,
// how its title and part headings are aligned, how code blocks differ from body text (and
// their contrast under light, sepia and night reading themes), whether images fit and
// tables sit in labelled scroll regions, and which elements stick out of the screen.
//
// Usage: node measure.mjs SPEC.json
// SPEC: { "chromium": "/usr/bin/chromium", "viewports": [[360, 640], [1024, 768]],
//         "pages": ["/tmp/x/OEBPS/article-01.xhtml", ...],
//         "shots": { "dir": "target/screen",
//                    "pages": { "/tmp/x/OEBPS/a.xhtml": { "name": "a", "focus": "pre", "night": true } } } }
// The test that runs this script makes the assertions; this script only measures.

import { readFile, mkdir, rm, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

/// Colours a reading system imposes in its themes (body text on page), as injected CSS.
const THEMES = {
  light: null,
  sepia: "html, body { background-color: #f4ecd8 !important; color: #5b4636 !important; }",
  night: "html, body { background-color: #121212 !important; color: #e6e6e6 !important; }",
};

/// Runs in the page: everything the test asserts about it, at the current viewport.
function measurePage() {
  const view = document.documentElement.clientWidth;
  const css = (el) => getComputedStyle(el);
  const describe = (el) =>
    el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.split(/\s+/).join(".") : "");
  const headings = [...document.querySelectorAll(".titlepage h1, .part-opener h1, .half-title h1")]
    .map((h) => {
      const range = document.createRange();
      range.selectNodeContents(h);
      const text = range.getBoundingClientRect();
      const box = h.getBoundingClientRect();
      return {
        where: describe(h.closest("section") || h),
        textAlign: css(h).textAlign,
        leftGap: text.left - box.left,
        rightGap: box.right - text.right,
      };
    });
  const bodyP = [...document.querySelectorAll("section > p, body > p")]
    .find((p) => !p.closest("header, aside, .notes, .references"));
  const style = (el) => {
    const s = css(el);
    return {
      fontFamily: s.fontFamily,
      backgroundColor: s.backgroundColor,
      borderLeftWidth: parseFloat(s.borderLeftWidth),
      borderLeftStyle: s.borderLeftStyle,
      paddingLeft: parseFloat(s.paddingLeft),
      marginLeft: parseFloat(s.marginLeft),
      color: s.color,
      whiteSpace: s.whiteSpace,
      overflowX: s.overflowX,
      hyphens: s.hyphens || s.webkitHyphens,
      textAlign: s.textAlign,
    };
  };
  const code = [...document.querySelectorAll("pre")].map((pre) => {
    const r = pre.getBoundingClientRect();
    return { ...style(pre), codeHyphens: pre.querySelector("code") ? style(pre.querySelector("code")).hyphens : null, left: r.left, right: r.right, scrollWidth: pre.scrollWidth, clientWidth: pre.clientWidth };
  });
  const images = [...document.querySelectorAll("img")].map((img) => {
    const r = img.getBoundingClientRect();
    return { src: img.getAttribute("src"), width: r.width, left: r.left, right: r.right, naturalWidth: img.naturalWidth, alt: img.getAttribute("alt") };
  });
  const tables = [...document.querySelectorAll("table")].map((t) => {
    const region = t.parentElement;
    const r = region.getBoundingClientRect();
    return {
      role: region.getAttribute("role"),
      label: region.getAttribute("aria-label"),
      tabindex: region.getAttribute("tabindex"),
      overflowX: css(region).overflowX,
      regionLeft: r.left,
      regionRight: r.right,
      tableWidth: t.getBoundingClientRect().width,
      scrollWidth: region.scrollWidth,
      clientWidth: region.clientWidth,
    };
  });
  const urlLinks = [...document.querySelectorAll("a[href^='http']")]
    .filter((a) => /^(https?:|www\.)/.test(a.textContent.trim()))
    .map((a) => ({ text: a.textContent.trim(), hyphens: style(a).hyphens }));
  // Whether an ancestor of `el` scrolls sideways and itself fits the screen.
  function insideScroller(el, view) {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const x = getComputedStyle(a).overflowX;
      if ((x === "auto" || x === "scroll") && a.getBoundingClientRect().right <= view + 0.5) {
        return true;
      }
    }
    return false;
  }
  // Elements whose box reaches past the screen's right edge (hidden elements excepted).
  const sticking = [...document.body.querySelectorAll("*")]
    .filter((el) => {
      if (el.closest("[hidden]")) return false;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) return false;
      // Inside a scroll region (a table's) or a box that scrolls sideways within the screen
      // (a formula's), the overflow is that box's own, reachable by scrolling.
      const region = el.parentElement && el.parentElement.closest("[role=region]");
      return !region && !insideScroller(el, view) && r.right > view + 0.5;
    })
    .slice(0, 20)
    .map((el) => ({ what: describe(el), right: el.getBoundingClientRect().right }));
  // Reading order: blocks appear on screen in the order of the text (nothing floated or
  // positioned out of it). Each visible block must start no higher than the one before.
  let lastTop = -Infinity;
  const outOfOrder = [];
  for (const el of document.body.querySelectorAll("h1, h2, h3, h4, h5, h6, p, li, pre, table, figure, blockquote, aside")) {
    if (el.closest("[hidden]")) continue;
    const top = el.getBoundingClientRect().top;
    if (top < lastTop - 1) outOfOrder.push({ what: describe(el), top, after: lastTop });
    lastTop = Math.max(lastTop, top);
  }
  return {
    lang: document.documentElement.getAttribute("lang"),
    outOfOrder,
    viewport: view,
    scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    headings,
    body: bodyP ? style(bodyP) : null,
    code,
    images,
    tables,
    urlLinks,
    sticking,
  };
}

/// Runs in the page: WCAG contrast of each code block's text on what lies under it.
function codeContrast() {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return [0, 0, 0, 0];
    const v = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1];
  };
  const over = (top, under) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat([1]);
  };
  // The colour under an element: every background from the canvas (white) down to it.
  const background = (el) => {
    const chain = [];
    for (let e = el; e; e = e.parentElement) chain.unshift(e);
    let colour = [255, 255, 255, 1];
    for (const e of chain) colour = over(parse(getComputedStyle(e).backgroundColor), colour);
    return colour;
  };
  const luminance = (c) => {
    const lin = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  return [...document.querySelectorAll("pre")].map((pre) => {
    const el = pre.querySelector("code") || pre;
    const bg = background(pre);
    const fg = over(parse(getComputedStyle(el).color), bg);
    return ratio(fg, bg);
  });
}

async function main() {
  const spec = JSON.parse(await readFile(process.argv[2], "utf8"));
  const profile = await mkdtemp(join(tmpdir(), "folio-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: spec.chromium,
    headless: true,
    userDataDir: profile,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--allow-file-access-from-files",
    ],
  });
  const out = [];
  try {
    const page = await browser.newPage();
    if (spec.shots) await mkdir(spec.shots.dir, { recursive: true });
    for (const [width, height] of spec.viewports) {
      await page.setViewport({ width, height });
      for (const file of spec.pages) {
        await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
        await page.evaluate(() => document.fonts.ready);
        const m = await page.evaluate(measurePage);
        m.file = file;
        m.themes = {};
        if (m.code.length > 0) {
          for (const [name, rule] of Object.entries(THEMES)) {
            const tag = rule ? await page.addStyleTag({ content: rule }) : null;
            m.themes[name] = await page.evaluate(codeContrast);
            if (tag) await tag.evaluate((t) => t.remove());
          }
        }
        const shot = spec.shots && spec.shots.pages[file];
        if (shot) {
          // One screen's worth, scrolled to the part worth seeing (a table, a code block).
          await page.evaluate((sel) => {
            const el = sel && document.querySelector(sel);
            if (el) el.scrollIntoView({ block: "start" });
          }, shot.focus || null);
          await page.screenshot({ path: join(spec.shots.dir, `${shot.name}-${width}.png`) });
          if (shot.night) {
            const tag = await page.addStyleTag({ content: THEMES.night });
            await page.screenshot({ path: join(spec.shots.dir, `${shot.name}-${width}-night.png`) });
            await tag.evaluate((t) => t.remove());
          }
        }
        out.push(m);
      }
    }
  } finally {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
