// The bundle waiting page polls its status with htmx; when the status fragment that arrives says the
// file is ready (data-download-url), the download starts by itself.
document.addEventListener("htmx:load", function (event) {
  var url = event.detail.elt.dataset && event.detail.elt.dataset.downloadUrl;
  if (url) {
    window.location.assign(url);
  }
});
