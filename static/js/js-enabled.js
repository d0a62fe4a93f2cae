// Loaded at the top of <body> so GOV.UK Frontend's JavaScript-only styles apply
// before the page is drawn (GOV.UK Frontend's template does this with an inline script;
// a file keeps the Content Security Policy free of 'unsafe-inline').
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
