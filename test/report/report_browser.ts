import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { chromium } from "playwright-core";

/** Debian's `chromium` package (.ci/run installs it); playwright-core ships no browser of its own. */
export const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** One chart as the page drew it, read back from Chart.js and the canvas. */
export interface RenderedChart {
  kind: string;
  feature: string;
  title: string;
  datasets: { label: string; points: number; pointColors: string[] }[];
  /** Canvas pixels that are not transparent: 0 means nothing was drawn. */
  paintedPixels: number;
}

export interface RenderedReport {
  /** Console errors, uncaught page errors, and any request that left the file (the report must be self-contained). */
  problems: string[];
  charts: RenderedChart[];
  /** The text of the page, for checking summaries. */
  text: string;
}

/** Opens an HTML report in headless Chromium with a fresh profile, reads back its charts and saves a screenshot. */
export async function openReport(htmlFile: string, screenshotFile: string): Promise<RenderedReport> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium)`,
    );
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "report-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
  try {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("request", (request) => {
      if (!request.url().startsWith("file:")) problems.push(`network request: ${request.url()}`);
    });
    await page.goto(pathToFileURL(htmlFile).href);
    await page.waitForSelector("body[data-rendered=true]", { timeout: 10_000 });
    const charts = (await page.evaluate(READ_CHARTS)) as RenderedChart[];
    await page.screenshot({ path: screenshotFile, fullPage: true });
    return { problems, charts, text: await page.innerText("body") };
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

/**
 * Runs in the page (a string: this project compiles without the DOM types):
 * every canvas the report made, read back through Chart.js' own registry.
 */
const READ_CHARTS = `[...document.querySelectorAll("canvas")].map((canvas) => {
  const chart = Chart.getChart(canvas);
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let paintedPixels = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) paintedPixels += 1;
  return {
    kind: canvas.dataset.chart,
    feature: canvas.dataset.feature,
    title: String(chart.options.plugins.title.text),
    datasets: chart.data.datasets.map((dataset) => ({
      label: dataset.label,
      points: dataset.data.length,
      pointColors: Array.isArray(dataset.pointBackgroundColor) ? dataset.pointBackgroundColor : [],
    })),
    paintedPixels,
  };
})`;
