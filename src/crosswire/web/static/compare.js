// The compare form. "Add another article" adds a box in place. On submit the form is sent to
// /compare.json with a job id of its own making, and until the report is ready the form shows
// how far the comparison has got (/compare/jobs/{job}.json, once a second); then the browser
// goes to the report, or the form says what went wrong and keeps everything typed and chosen.
// Without this script the form still works: the link asks the server for one more box, and
// the browser waits for the report page.
(function () {
  "use strict";
  var form = document.getElementById("cw-compare");
  if (!form) {
    return;
  }
  var boxes = document.getElementById("cw-texts");
  var link = document.getElementById("cw-add");
  var max = parseInt(form.getAttribute("data-max-texts"), 10) || 20;
  var running = document.getElementById("cw-running");
  var step = document.getElementById("cw-running-step");
  var bar = document.getElementById("cw-running-bar");
  var detail = document.getElementById("cw-running-text");
  var job = document.getElementById("cw-job");
  var submit = form.querySelector("button[type=submit]");
  var busy = false;

  function element(tag, attrs, text) {
    var made = document.createElement(tag);
    Object.keys(attrs).forEach(function (name) {
      made.setAttribute(name, attrs[name]);
    });
    if (text) {
      made.textContent = text;
    }
    return made;
  }

  function label(target, text, note) {
    var made = element("label", { for: target }, text);
    if (note) {
      made.appendChild(document.createTextNode(" "));
      made.appendChild(element("small", {}, note));
    }
    return made;
  }

  function count() {
    return boxes.querySelectorAll(".cw-article-box").length;
  }

  function addBox() {
    var n = count() + 1;
    if (n > max) {
      return null;
    }
    var first = boxes.querySelector("textarea");
    var box = element("div", { class: "cw-article-box", id: "cw-box-" + n });
    var text = element("textarea", { id: "cw-text-" + n, name: "text", rows: "9" });
    if (first && first.getAttribute("maxlength")) {
      text.setAttribute("maxlength", first.getAttribute("maxlength"));
    }
    box.appendChild(label("cw-text-" + n, "Article " + n + ": pasted text"));
    box.appendChild(text);
    box.appendChild(label("cw-outlet-" + n, "Article " + n + ": outlet", "(optional)"));
    box.appendChild(
      element("input", { id: "cw-outlet-" + n, name: "outlet", type: "text", maxlength: "200", autocomplete: "off" })
    );
    boxes.appendChild(box);
    return text;
  }

  if (link) {
    var add = element("button", { type: "button", class: "cw-add", id: "cw-add-button" }, "Add another article");
    link.parentNode.replaceChild(add, link);
    add.addEventListener("click", function () {
      var text = addBox();
      if (text) {
        text.focus();
      }
      add.disabled = count() >= max;
    });
  }

  function randomId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) {
        return ("0" + b.toString(16)).slice(-2);
      })
      .join("");
  }

  function show(status, seconds) {
    // the live region says each new step once; the counts go in the bar and the line below it
    var words = "Comparing… " + status.message.split(":")[0];
    if (step.textContent !== words) {
      step.textContent = words;
    }
    if (status.total > 0 && status.step !== "compare" && status.step !== "save") {
      bar.max = status.total;
      bar.value = status.done;
    } else {
      bar.removeAttribute("value");
    }
    detail.textContent = status.message + " · " + seconds + " s";
  }

  function watch(id) {
    var started = Date.now();
    return window.setInterval(function () {
      var seconds = Math.round((Date.now() - started) / 1000);
      window
        .fetch("/compare/jobs/" + id + ".json", { headers: { accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (status) {
          if (busy && status && status.state !== "unknown") {
            show(status, seconds);
          }
        })
        .catch(function () {
          // a missed look: the next one comes in a second
        });
    }, 1000);
  }

  function fail(message, failures) {
    var old = form.querySelector(".cw-alert");
    var alert = element("div", { class: "cw-alert", role: "alert", tabindex: "-1" });
    var line = element("p", {});
    line.appendChild(element("strong", {}, "Could not compare:"));
    line.appendChild(document.createTextNode(" " + message));
    alert.appendChild(line);
    if (failures && failures.length) {
      var list = element("ul", {});
      failures.forEach(function (f) {
        list.appendChild(element("li", {}, f.source + (f.stage ? " (" + f.stage + ")" : "") + ": " + f.reason));
      });
      alert.appendChild(list);
    }
    if (old) {
      form.replaceChild(alert, old);
    } else {
      form.insertBefore(alert, form.firstChild);
    }
    alert.focus();
  }

  form.addEventListener("submit", function (event) {
    if (!window.fetch || !window.FormData || !running || !job) {
      return; // the plain form post
    }
    event.preventDefault();
    if (busy) {
      return;
    }
    busy = true;
    var id = randomId();
    job.value = id;
    running.hidden = false;
    step.textContent = "Comparing… sending the articles";
    bar.removeAttribute("value");
    detail.textContent = "";
    submit.disabled = true;
    var timer = watch(id);
    function end() {
      busy = false;
      window.clearInterval(timer);
      running.hidden = true;
      submit.disabled = false;
    }
    window
      .fetch("/compare.json", {
        method: "POST",
        body: new FormData(form),
        headers: { accept: "application/json" },
        credentials: "same-origin",
      })
      .then(function (response) {
        return response.json().then(function (body) {
          if (response.ok && body.url) {
            window.clearInterval(timer);
            step.textContent = "Done: opening the report";
            window.location.assign(body.url);
            return;
          }
          end();
          var error = body.error || {};
          fail(error.message || "the server answered " + response.status, error.failures);
        });
      })
      .catch(function () {
        end();
        fail("the server could not be reached, or its answer could not be read; try again");
      });
  });
})();
