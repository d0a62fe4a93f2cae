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
