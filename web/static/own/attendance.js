// The attendance screen's camera scanner (internal/activities): where the
// browser has the BarcodeDetector API and a camera, a button opens the
// camera, reads the first QR code it sees and submits it through the code
// form, exactly as if typed. Without either, the button stays hidden and
// the form works as it is.
(function () {
  "use strict";
  var button = document.getElementById("scan");
  var form = button && button.form;
  var field = document.getElementById("f-code");
  var box = document.getElementById("scanner");
  var video = document.getElementById("scanner-video");
  var status = document.getElementById("scanner-status");
  if (!button || !form || !field || !box || !video || !status) return;
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  button.hidden = false;
  var stream = null;

  function stop() {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    box.hidden = true;
  }

  button.addEventListener("click", function () {
    if (stream) { stop(); return; }
    var detector;
    try {
      detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    } catch (e) {
      button.hidden = true;
      return;
    }
    box.hidden = false;
    status.textContent = box.dataset.starting || "";
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (s) {
      stream = s;
      video.srcObject = s;
      return video.play();
    }).then(function () {
      status.textContent = box.dataset.looking || "";
      var look = function () {
        if (!stream) return;
        detector.detect(video).then(function (codes) {
          if (codes.length > 0 && codes[0].rawValue) {
            field.value = codes[0].rawValue;
            stop();
            form.submit();
            return;
          }
          window.setTimeout(look, 250);
        }, function () { window.setTimeout(look, 500); });
      };
      look();
    }).catch(function () {
      stop();
      box.hidden = false;
      status.textContent = box.dataset.denied || "";
    });
  });
})();
