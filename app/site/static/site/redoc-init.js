// Starts ReDoc on /redoc. ReDoc writes its styles into <style> elements; it tags them with the
// page's nonce (read from this script element), which the page's Content-Security-Policy allows.
"use strict";
(function () {
  const script = document.currentScript;
  Redoc.init(
    script.dataset.openapiUrl,
    { nonce: script.nonce, hideDownloadButton: false, expandResponses: "200,201" },
    document.getElementById("redoc"),
  );
})();
