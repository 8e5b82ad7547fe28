// Safer Communities' browser entry point (an ES module, loaded with <script type="module">).
// Starts GOV.UK Frontend and MOJ Frontend components, and again inside content htmx swaps in.

import { initAll as initGovukFrontend } from "../govuk/govuk-frontend.min.js";
import { initAll as initMojFrontend } from "../moj/moj-frontend.min.js";

function initComponents(scope) {
  initGovukFrontend({ scope });
  initMojFrontend({ scope });
}

initComponents(document.body);

// htmx fires htmx:load for each element it adds; the body itself was initialised above.
document.body.addEventListener("htmx:load", (event) => {
  const element = event.detail && event.detail.elt;
  if (element instanceof Element && element !== document.body) {
    initComponents(element);
  }
});
