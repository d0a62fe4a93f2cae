// Starts GOV.UK Frontend and MOJ Frontend components on every page.
(function () {
  "use strict";
  if (window.GOVUKFrontend && window.GOVUKFrontend.isSupported()) {
    window.GOVUKFrontend.initAll();
  }
  if (window.MOJFrontend && window.GOVUKFrontend && window.GOVUKFrontend.isSupported()) {
    window.MOJFrontend.initAll();
    document.querySelectorAll('[data-module="moj-filter"]').forEach(function (filter) {
      new window.MOJFrontend.FilterToggleButton(filter, {
        bigModeMediaQuery: "(min-width: 48.0625em)",
        startHidden: false,
        toggleButton: { container: document.querySelector(".moj-action-bar__filter") },
        closeButton: { container: filter.querySelector(".moj-filter__header-action") },
      });
    });
  }
})();

// Answers inside a conditional reveal that is hidden belong to an answer the user did not
// choose: do not send them. Without JavaScript every question shows, and the server treats
// an answer that contradicts another as an error (register_trainees.forms.RevealingForm).
(function () {
  "use strict";
  var HIDDEN = ".govuk-radios__conditional--hidden, .govuk-checkboxes__conditional--hidden";
  var FIELDS = "input, select, textarea";
  document.addEventListener("submit", function (event) {
    event.target.querySelectorAll(HIDDEN).forEach(function (panel) {
      panel.querySelectorAll(FIELDS).forEach(function (field) {
        field.disabled = true;
      });
    });
  });
  // A page restored by the back button keeps the disabled state: give the fields back.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll(HIDDEN).forEach(function (panel) {
      panel.querySelectorAll(FIELDS).forEach(function (field) {
        field.disabled = false;
      });
    });
  });
})();
