// Builds frontend/dist, which Django serves through STATICFILES_DIRS at STATIC_URL (/static/).
//
//   node frontend/build.mjs      (or: npm run build)
//
// Everything comes from node_modules and frontend/src: no CDN, no network. The output is
// deterministic (same inputs, same bytes), and the build fails if the stylesheet refers to
// a /static/ file that is not in frontend/dist.

import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SRC = join(ROOT, "frontend", "src");
const DIST = join(ROOT, "frontend", "dist");
const MODULES = join(ROOT, "node_modules");
const STATIC_URL = "/static/";

// Plain CSS pulled into application.scss with `@use "vendor:NAME"`. Relative url()s in it
// are rewritten to where build copies that package's files.
const VENDOR_CSS = {
  "accessible-autocomplete": {
    file: "accessible-autocomplete/dist/accessible-autocomplete.min.css",
    baseUrl: `${STATIC_URL}vendor/accessible-autocomplete/`,
  },
  leaflet: {
    file: "leaflet/dist/leaflet.css",
    baseUrl: `${STATIC_URL}vendor/leaflet/`,
  },
};

// [from (under node_modules, or frontend/src for "src:"), to (under frontend/dist)]
const COPIES = [
  ["govuk-frontend/dist/govuk/govuk-frontend.min.js", "govuk/govuk-frontend.min.js"],
  ["govuk-frontend/dist/govuk/govuk-frontend.min.js.map", "govuk/govuk-frontend.min.js.map"],
  ["govuk-frontend/dist/govuk/assets", "govuk/assets"],
  ["@ministryofjustice/frontend/moj/moj-frontend.min.js", "moj/moj-frontend.min.js"],
  ["@ministryofjustice/frontend/moj/moj-frontend.min.js.map", "moj/moj-frontend.min.js.map"],
  ["@ministryofjustice/frontend/moj/assets", "moj/assets"],
  ["htmx.org/dist/htmx.min.js", "vendor/htmx/htmx.min.js"],
  [
    "accessible-autocomplete/dist/accessible-autocomplete.min.js",
    "vendor/accessible-autocomplete/accessible-autocomplete.min.js",
  ],
  [
    "accessible-autocomplete/dist/accessible-autocomplete.min.js.map",
    "vendor/accessible-autocomplete/accessible-autocomplete.min.js.map",
  ],
  ["leaflet/dist/leaflet.js", "vendor/leaflet/leaflet.js"],
  ["leaflet/dist/leaflet.js.map", "vendor/leaflet/leaflet.js.map"],
  ["leaflet/dist/images", "vendor/leaflet/images"],
  ["src:js", "js"],
  ["src:images", "images"],
];

/** Rewrite relative url(...) references in vendor CSS to absolute /static/ URLs. */
function rewriteUrls(css, baseUrl) {
  return css.replace(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g, (match, quote, url) => {
    if (/^(?:[a-z]+:|\/|#)/i.test(url)) return match;
    return `url(${quote}${baseUrl}${url}${quote})`;
  });
}

/** Sass importer for `vendor:NAME`, loading a package's plain CSS (minus source map comments). */
const vendorImporter = {
  canonicalize(url) {
    if (!url.startsWith("vendor:")) return null;
    const name = url.slice("vendor:".length);
    if (!(name in VENDOR_CSS)) throw new Error(`Unknown vendor stylesheet: ${name}`);
    return new URL(`vendor:${name}`);
  },
  load(canonicalUrl) {
    const { file, baseUrl } = VENDOR_CSS[canonicalUrl.pathname];
    const css = readFileSync(join(MODULES, file), "utf8").replace(
      /\/\*# sourceMappingURL=[^*]*\*\//g,
      "",
    );
    return { contents: rewriteUrls(css, baseUrl), syntax: "css" };
  },
};

function copyAll() {
  for (const [from, to] of COPIES) {
    const source = from.startsWith("src:") ? join(SRC, from.slice(4)) : join(MODULES, from);
    if (!existsSync(source)) throw new Error(`Missing build input: ${relative(ROOT, source)}`);
    cpSync(source, join(DIST, to), { recursive: true });
  }
}

function compileStyles() {
  const result = sass.compile(join(SRC, "scss", "application.scss"), {
    loadPaths: [ROOT, MODULES],
    importers: [vendorImporter],
    style: "compressed",
    sourceMap: false,
    // Deprecations inside node_modules, and GOV.UK warnings about calls MOJ Frontend makes,
    // are the packages' to fix; warnings about our own Sass still print.
    quietDeps: true,
    logger: {
      warn(message, { deprecation, span, stack = "" }) {
        const caller = stack
          .split("\n")
          .map((line) => line.trim().split(/\s+/)[0])
          .find((file) => file && !file.includes("node_modules/govuk-frontend/"));
        if (caller && caller.includes("node_modules/")) return;
        const firstFrame = stack.split("\n")[0].trim();
        const where = span && span.url
          ? ` (${relative(ROOT, fileURLToPath(span.url))})`
          : firstFrame && ` (${firstFrame})`;
        console.warn(`Sass ${deprecation ? "deprecation" : "warning"}: ${message}${where}`);
      },
    },
  });
  const target = join(DIST, "css", "application.css");
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${result.css}\n`);
  return result.css;
}

/** Fail the build if the CSS names a /static/ file that Django would not find. */
function checkStaticReferences(css) {
  const missing = new Set();
  for (const [, , url] of css.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)) {
    if (!url.startsWith(STATIC_URL)) continue;
    const path = join(DIST, url.slice(STATIC_URL.length).split(/[?#]/)[0]);
    if (!existsSync(path)) missing.add(url);
  }
  if (missing.size) {
    throw new Error(`application.css refers to missing files:\n  ${[...missing].join("\n  ")}`);
  }
}

function main() {
  const started = performance.now();
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(DIST, { recursive: true });
  copyAll();
  checkStaticReferences(compileStyles());
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`frontend: built ${relative(ROOT, DIST)} in ${seconds}s`);
}

try {
  main();
} catch (error) {
  console.error(`frontend build failed: ${error.message}`);
  process.exitCode = 1;
}
