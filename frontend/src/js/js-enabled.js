// The first thing in <body>, run before the page paints, so GOV.UK Frontend's styles for pages
// with JavaScript apply from the start. A file rather than an inline script, so the
// Content-Security-Policy allows scripts from our own origin only.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
