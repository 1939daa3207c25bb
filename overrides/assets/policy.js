// Links go where they say. The theme takes each <link rel=alternate> for the root of a language
// and sends a click on a link below one, from a page outside it, to that address itself or to
// the same path below it. Our alternates are this page's own translations and feed, so "Read the
// Japanese text" of a version would open today's Japanese policy. Such clicks are kept out of
// the theme's handler.
(function () {
  function reroutedByTheTheme(link) {
    if (link.target || typeof link.href !== "string") return false; // the theme leaves these alone
    var alternates = document.querySelectorAll("link[rel=alternate]");
    for (var i = 0; i < alternates.length; i++) {
      var root = alternates[i].href.replace(/\/$/, "");
      if (link.href.indexOf(root + "/") === 0 && window.location.href.indexOf(root) !== 0) return true;
    }
    return false;
  }

  // Keep the reader's place when switching language: the language links already point at the same
  // page and version; carry the article anchor (#article-7) along, read at the moment of the click
  // because the address follows the reader's scrolling. The theme would look the page up in a
  // sitemap and drop the anchor. Without JavaScript, page and version are kept.
  document.addEventListener(
    "click",
    function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (!link) return;
      if (link.matches("a.md-select__link[hreflang]")) {
        var base = link.getAttribute("data-policy-href") || link.getAttribute("href").split("#")[0];
        link.setAttribute("data-policy-href", base);
        link.setAttribute("href", base + window.location.hash);
        event.stopPropagation();
      } else if (reroutedByTheTheme(link)) {
        event.stopPropagation();
      }
    },
    true
  );
})();

// The history's date lookup: which version was in force on a given day, and go there.
(function () {
  var form = document.querySelector("form.policy-lookup");
  if (!form) return;
  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var day = form.elements.date.value; // YYYY-MM-DD, so strings compare as dates
    var rows = document.querySelectorAll("tr[data-since]");
    for (var i = 0; i < rows.length; i++) {
      var since = rows[i].getAttribute("data-since");
      var until = rows[i].getAttribute("data-until");
      if (since <= day && (!until || day <= until)) {
        window.location.href = rows[i].getAttribute("data-url");
        return;
      }
    }
    form.querySelector(".policy-lookup__result").textContent = form.getAttribute("data-none");
  });
})();
