/*
 * cookie-gate page script (Apache-2.0). Served by CookieGateFilter after a generated block that
 * declares COOKIE_GATE_CATALOG (the filter's host and cookie catalogs); no dependencies, no inline
 * code, eval or Function (CSP-friendly). Loaded as a classic script at the start of <head>, before
 * any page script, it
 * - makes a click on an element marked data-cookie-gate-activate POST to the activation endpoint
 *   and, on 204, restores the "chat" elements in document order, without a page reload;
 * - neutralises, exactly as the server's rewriter does, vendor scripts, iframes, images and hints
 *   that page scripts insert later (single-page apps), before the browser fetches them;
 * - refuses fetch, XMLHttpRequest and sendBeacon to hosts whose category is not allowed;
 * - drops document.cookie (and cookieStore) writes of cookies whose category is not allowed.
 * - refuses localStorage, sessionStorage and indexedDB.open writes of catalogued keys whose category
 *   is not allowed, and removes them when it no longer is (docs/web-storage.md).
 * It reduces what vendor code does by default; it is no boundary against the page's own code, which
 * can always reach the browser's native functions. The server stays authoritative: it decides
 * every Set-Cookie, and its sweep expires on the next request what a script wrote past this guard.
 * Activation is not consent: elements of other categories wait for consent to their category.
 */
(function (catalog) {
  'use strict';
  if (window.cookieGate) {
    return; // loaded twice: the first copy gates the page
  }
  var GATE = 'data-cookie-gate';
  var SAVED = 'data-cookie-gate-';
  var CONSENT_REQUIRED = ['chat', 'functional', 'analytics', 'marketing'];

  // ------------------------------------------------------------------ what loads (#16)
  // The server's one table (io.github.cookiegate.internal.html.Loads), served in the catalog:
  // element -> attributes through which it loads, the srcset-like ones, the link rels that fetch.
  var LOADS = catalog.loads || {
    elements: { script: ['src'], iframe: ['src'], img: ['src', 'srcset'], source: ['src', 'srcset'],
      link: ['href', 'imagesrcset'], embed: ['src'], object: ['data'] },
    srcsets: ['srcset', 'imagesrcset'],
    rels: ['preconnect', 'prefetch', 'preload', 'modulepreload', 'dns-prefetch']
  };
  var TAGS = Object.keys(LOADS.elements);
  var MOVABLE = [];
  TAGS.forEach(function (tag) {
    LOADS.elements[tag].forEach(function (name) {
      if (MOVABLE.indexOf(name) < 0) {
        MOVABLE.push(name);
      }
    });
  });
  var XLINK = 'http://www.w3.org/1999/xlink';
  var SELECTOR = TAGS.join(',') + (TAGS.indexOf('feimage') >= 0 ? ',feImage' : '') + ',[' + GATE + ']';

  function tagOf(el) {
    return String(el.localName).toLowerCase();
  }

  /** Whether the element loads through its table attributes at all (rel, type, http-equiv conditions). */
  function loadsAt(el) {
    var tag = tagOf(el);
    var attr = function (name) {
      return (N.getAttribute.call(el, name) || '').trim().toLowerCase();
    };
    if (tag === 'link') {
      return attr('rel').split(/[\t\n\f\r ]+/).some(function (r) {
        return LOADS.rels.indexOf(r) >= 0;
      });
    }
    if (tag === 'input') {
      return attr('type') === 'image';
    }
    if (tag === 'meta') {
      return attr('http-equiv') === 'refresh';
    }
    return true;
  }

  /** The URLs an attribute value makes the browser fetch, as the server's table reads it. */
  function urlsOf(name, value) {
    var v = String(value);
    if (LOADS.srcsets.indexOf(name) >= 0) {
      return v.split(',').map(function (c) {
        return c.trim().split(/\s+/)[0];
      });
    }
    if (name === 'content') {
      var m = /^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?['"]?([^'"]*)/i.exec(v);
      return m && m[1] ? [m[1]] : [];
    }
    if (name === 'srcdoc') {
      return []; // a document: see srcdocCategory
    }
    return [v];
  }

  /** The category of the first held element in an iframe's srcdoc document, or null. */
  function srcdocCategory(value) {
    var t = document.createElement('template');
    t.innerHTML = String(value);
    var found = null;
    Array.prototype.some.call(t.content.querySelectorAll(SELECTOR), function (el) {
      found = blockedCategory(el);
      return found !== null;
    });
    return found;
  }

  // A <base href> arriving with the markup being gated becomes the document's base once inserted
  // (the first one with href, when the document has none): the URLs beside it resolve against it.
  var pendingBase = null;

  function baseArriving(list) {
    if (document.querySelector('base[href]')) {
      return null;
    }
    for (var i = 0; i < list.length; i++) {
      if (tagOf(list[i]) === 'base' && N.getAttribute.call(list[i], 'href') !== null) {
        try {
          return new URL(N.getAttribute.call(list[i], 'href'), document.baseURI).href;
        } catch (e) {
          return null;
        }
      }
    }
    return null;
  }

  /** Sets an attribute back; xlink:href in its namespace, as the HTML parser creates it. */
  function setBack(el, name, value) {
    if (name === 'xlink:href') {
      el.setAttributeNS(XLINK, name, value);
    } else {
      N.setAttribute.call(el, name, value);
    }
  }
  // ------------------------------------------------------------------ end of what loads (#16)
  var self = document.currentScript;
  var activationPath = (self && self.getAttribute('data-activation-path')) || '/cookie-gate/activate';
  // Resolved against the document's own URL, not its <base href>, which may name a vendor's host.
  try {
    activationPath = new URL(activationPath, location.href).href;
  } catch (e) {
    // an old browser without URL: the path as given
  }
  var held = []; // elements this script neutralised, in that order (some may never be inserted)
  var unstarted = new WeakSet();
  var granted = Object.create(null); // what the server allowed for this page, plus activation
  ((self && self.getAttribute('data-allowed')) || '').split(/\s+/).forEach(function (c) {
    if (c) {
      granted[c.toLowerCase()] = true;
    }
  });
  granted.necessary = true;

  // Native functions, taken before any page script can replace them.
  var N = {
    appendChild: Node.prototype.appendChild,
    insertBefore: Node.prototype.insertBefore,
    replaceChild: Node.prototype.replaceChild,
    setAttribute: Element.prototype.setAttribute,
    getAttribute: Element.prototype.getAttribute,
    removeAttribute: Element.prototype.removeAttribute,
    cookie: Object.getOwnPropertyDescriptor(Document.prototype, 'cookie'),
    fetch: window.fetch,
    write: Document.prototype.write,
    writeln: Document.prototype.writeln
  };

  function debug(message) {
    if (window.console && console.debug) {
      console.debug('cookie-gate: ' + message);
    }
  }

  function printable(s) {
    s = String(s).replace(/[^\x20-\x7e]/g, '?');
    return s.length > 64 ? s.slice(0, 64) + '...' : s;
  }

  // ------------------------------------------------------------------ catalogs

  var CATEGORIES = catalog.categories || ['necessary', 'chat', 'functional', 'analytics', 'marketing'];

  /**
   * Each layer as {exact: Map, globs: [[parts, category]], regexes: [[RegExp, category]]}, best first.
   * The filter writes cookie and host layers compactly: exact names as {category: "a,b"}, globs as
   * one string "3_ga_*,4_gcl_*" (the category's index in CATEGORIES, then the glob), most specific
   * first; storage layers as lists of [pattern, category].
   */
  function layers(list) {
    return (list || []).map(function (l) {
      var exact = new Map();
      if (Array.isArray(l.exact || [])) {
        (l.exact || []).forEach(function (r) {
          exact.set(r[0], r[1]);
        });
      } else {
        Object.keys(l.exact).forEach(function (category) {
          l.exact[category].split(',').forEach(function (name) {
            exact.set(name, category);
          });
        });
      }
      var globs = typeof l.globs === 'string'
        ? (l.globs ? l.globs.split(',') : []).map(function (g) {
          return [g.slice(1).split('*'), CATEGORIES[g.charCodeAt(0) - 48]];
        })
        : (l.globs || []).map(function (r) {
          return [r[0].split('*'), r[1]];
        });
      return {
        exact: exact,
        globs: globs,
        regexes: (l.regexes || []).map(function (r) {
          try {
            return [new RegExp('^(?:' + r[0] + ')$'), r[1]];
          } catch (e) {
            return [/(?!)/, r[1]]; // the filter copies only portable regexes; this one matches nothing
          }
        })
      };
    });
  }

  /** As CookieRule.globMatches: first part starts the name, last ends it, the others in order between. */
  function globMatches(parts, s) {
    var first = parts[0];
    var last = parts[parts.length - 1];
    if (s.length < first.length + last.length || s.lastIndexOf(first, 0) !== 0
        || s.indexOf(last, s.length - last.length) < 0) {
      return false;
    }
    var pos = first.length;
    var limit = s.length - last.length;
    for (var i = 1; i < parts.length - 1; i++) {
      if (parts[i]) {
        var found = s.indexOf(parts[i], pos);
        if (found < 0 || found + parts[i].length > limit) {
          return false;
        }
        pos = found + parts[i].length;
      }
    }
    return true;
  }

  /** The category of a name in layered rules, or null: exact beats glob beats regex in a layer. */
  function lookup(rules, s) {
    for (var i = 0; i < rules.length; i++) {
      var l = rules[i];
      if (l.exact.has(s)) {
        return l.exact.get(s);
      }
      for (var g = 0; g < l.globs.length; g++) {
        if (globMatches(l.globs[g][0], s)) {
          return l.globs[g][1];
        }
      }
      for (var r = 0; r < l.regexes.length; r++) {
        if (l.regexes[r][0].test(s)) {
          return l.regexes[r][1];
        }
      }
    }
    return null;
  }

  var hostRules = layers(catalog.hosts);
  var cookieRules = layers(catalog.cookies);
  var consentCookie = catalog.consentCookie || 'cookie_gate_consent';
  var ownCookies = [catalog.markerCookie || 'cookie_gate_chat', consentCookie];

  /** The category of a URL's host (lower-case, port and trailing dot ignored), or null. */
  function hostCategory(url) {
    var u;
    try {
      u = new URL(String(url).trim(), pendingBase || document.baseURI);
    } catch (e) {
      return null;
    }
    if (!/^(https?|wss?):$/.test(u.protocol)) {
      return null;
    }
    return lookup(hostRules, u.hostname.toLowerCase().replace(/\.$/, ''));
  }

  /**
   * The categories the library's own consent cookie grants now (several copies: the intersection).
   * As the server reads it: on https its __Host- name only (a plain-named copy may come from a
   * sibling subdomain or plain http), on http the plain name.
   */
  var consentName = (location.protocol === 'https:' ? '__Host-' : '') + consentCookie;
  function consented() {
    var result = null;
    String(N.cookie.get.call(document)).split(';').forEach(function (pair) {
      var eq = pair.indexOf('=');
      var name = (eq < 0 ? '' : pair.slice(0, eq)).trim();
      if (name !== consentName) {
        return;
      }
      var value = pair.slice(eq + 1).trim();
      try {
        value = decodeURIComponent(value);
      } catch (e) {
        // kept as it is, as the server does with a bad escape
      }
      var words = Object.create(null);
      value.split('.').forEach(function (w) {
        w = w.trim().toLowerCase();
        if (CONSENT_REQUIRED.indexOf(w) >= 0) {
          words[w] = true;
        }
      });
      if (result === null) {
        result = words;
      } else {
        for (var k in result) {
          if (!words[k]) {
            delete result[k];
          }
        }
      }
    });
    return result || Object.create(null);
  }

  /** Whether what belongs to a category may load or be stored (design section 1). */
  function allowed(category) {
    var c = String(category).toLowerCase();
    return !!granted[c] || (CONSENT_REQUIRED.indexOf(c) >= 0 && !!consented()[c]); // unknown marks fail closed
  }

  /** The category of a cookie name the way the server's gate classifies it, unknown policy applied. */
  function cookieAllowed(name) {
    if (ownCookies.indexOf(name.replace(/^__Host-/, '')) >= 0) {
      return { category: 'necessary', allowed: true };
    }
    var category = lookup(cookieRules, name);
    if (category === null) {
      var unknown = catalog.unknown || 'block';
      if (unknown === 'allow') {
        return { category: 'unknown', allowed: true };
      }
      if (unknown !== 'block') {
        category = unknown;
      } else {
        // Every category consented: activation does not count, consent does.
        var c = consented();
        var all = CONSENT_REQUIRED.every(function (k) {
          return c[k] || (k !== 'chat' && granted[k]);
        });
        return { category: 'unknown', allowed: all };
      }
    }
    return { category: category, allowed: allowed(category) };
  }

  // ------------------------------------------------------------------ neutralise and restore

  /** The category an element must wait for, or null when it may load now. */
  function blockedCategory(el) {
    var marked = N.getAttribute.call(el, GATE);
    if (marked !== null) {
      return allowed(marked) ? null : marked;
    }
    return blockedByUrl(el, null, null);
  }

  /** The category of the first URL of the element (or of name=value about to be set) not allowed. */
  function blockedByUrl(el, name, value) {
    if (!loadsAt(el)) {
      return null;
    }
    var attributes = LOADS.elements[tagOf(el)] || MOVABLE;
    for (var i = 0; i < attributes.length; i++) {
      var v = attributes[i] === name ? value : N.getAttribute.call(el, attributes[i]);
      if (v === null || v === undefined) {
        continue;
      }
      if (attributes[i] === 'srcdoc') {
        var inside = srcdocCategory(v);
        if (inside !== null) {
          return inside;
        }
        continue;
      }
      var urls = urlsOf(attributes[i], v);
      for (var u = 0; u < urls.length; u++) {
        var c = urls[u] ? hostCategory(urls[u]) : null;
        if (c !== null && !allowed(c)) {
          return c;
        }
      }
    }
    return null;
  }

  function isGated(el) {
    return TAGS.indexOf(tagOf(el)) >= 0;
  }

  /** As the server's rewriter: URLs moved under data-cookie-gate-, a script's type to text/plain. */
  function neutralise(el, category) {
    if (N.getAttribute.call(el, GATE) === null) {
      N.setAttribute.call(el, GATE, category);
    }
    MOVABLE.forEach(function (name) {
      var v = N.getAttribute.call(el, name);
      if (v !== null) {
        N.setAttribute.call(el, SAVED + name, v);
        N.removeAttribute.call(el, name);
      }
    });
    if (el.localName === 'script') {
      var type = N.getAttribute.call(el, 'type');
      if (type !== 'text/plain') {
        if (type !== null) {
          N.setAttribute.call(el, SAVED + 'type', type);
        }
        N.setAttribute.call(el, 'type', 'text/plain');
      }
    }
    if (held.indexOf(el) < 0) {
      if (!el.isConnected) {
        unstarted.add(el); // a script held before insertion never started: it can run in place
      }
      held.push(el);
      debug('held <' + el.localName + '> until ' + category + (category === 'chat' ? ' activation or' : '') + ' consent');
    }
  }

  /** Neutralises what in this node (an element or fragment, and its descendants) may not load yet. */
  function gate(node) {
    if (!node || (node.nodeType !== 1 && node.nodeType !== 11)) {
      return node;
    }
    var list = node.nodeType === 1 && (isGated(node) || N.getAttribute.call(node, GATE) !== null) ? [node] : [];
    if (node.querySelectorAll && (node.firstElementChild || node.nodeType === 11)) {
      list.push.apply(list, node.querySelectorAll(SELECTOR));
    }
    var outer = pendingBase;
    pendingBase = outer || (node.querySelectorAll ? baseArriving(node.nodeType === 1 && tagOf(node) === 'base'
      ? [node] : node.querySelectorAll('base[href]')) : null);
    try {
      list.forEach(function (el) {
        var category = blockedCategory(el);
        if (category !== null && !neutralised(el) && (isGated(el) || hasUrl(el))) {
          neutralise(el, category);
        }
      });
    } finally {
      pendingBase = outer;
    }
    return node;
  }

  function hasUrl(el) {
    return MOVABLE.some(function (name) {
      return N.getAttribute.call(el, name) !== null;
    });
  }

  /** Whether the element carries a neutralisation (server's or ours) still to undo. */
  function neutralised(el) {
    if (el.localName === 'script') {
      return N.getAttribute.call(el, 'type') === 'text/plain' && N.getAttribute.call(el, GATE) !== null;
    }
    return !hasUrl(el) && MOVABLE.some(function (name) {
      return N.getAttribute.call(el, SAVED + name) !== null;
    });
  }

  function move(el, name) {
    var saved = N.getAttribute.call(el, SAVED + name);
    if (saved !== null) {
      N.removeAttribute.call(el, SAVED + name);
      setBack(el, name, saved);
    }
  }

  /**
   * A script that started (the server's, parsed as text/plain) does not run again when its type
   * changes: a fresh element with the original attributes does. One held before it was inserted
   * never started, so it is given back its type and src in place, which runs it (HTML "prepare
   * the script element": a src set on a connected script) and keeps the handlers the page set on it
   * (onload). An inline one is recreated: a type change alone does not run it.
   */
  function restoreScript(el) {
    if (unstarted.has(el) && N.getAttribute.call(el, SAVED + 'src') !== null) {
      N.removeAttribute.call(el, 'type');
      move(el, 'type');
      N.removeAttribute.call(el, GATE);
      el.async = false; // restored scripts run in the order they are restored
      if (self && self.nonce && !el.nonce) {
        el.nonce = self.nonce;
      }
      move(el, 'src');
      return;
    }
    var script = document.createElement('script');
    if (self && self.nonce) {
      script.nonce = self.nonce; // a nonce-based CSP lets the restored script run
    }
    for (var i = 0; i < el.attributes.length; i++) {
      var a = el.attributes[i];
      if (a.name !== 'type' && a.name !== GATE && a.name.indexOf(SAVED) !== 0) {
        N.setAttribute.call(script, a.name, a.value);
      }
    }
    var type = N.getAttribute.call(el, SAVED + 'type');
    if (type !== null) {
      N.setAttribute.call(script, 'type', type);
    }
    var src = N.getAttribute.call(el, SAVED + 'src');
    if (src === null) {
      src = N.getAttribute.call(el, SAVED + 'href') || N.getAttribute.call(el, SAVED + 'xlink:href'); // SVG's script
    }
    script.async = false; // restored scripts run in document order
    if (src !== null) {
      N.setAttribute.call(script, 'src', src);
    } else {
      script.text = el.text;
    }
    if (el.parentNode) {
      N.replaceChild.call(el.parentNode, script, el);
    }
  }

  /** Restores, in document order, the neutralised elements whose category is now allowed. */
  function restore() {
    var nodes = Array.prototype.slice.call(document.querySelectorAll('[' + GATE + ']'));
    held.forEach(function (el) {
      if (!el.isConnected) {
        nodes.push(el); // a detached image (a pixel) loads when its src comes back; a script when inserted
      }
    });
    nodes.forEach(function (el) {
      var category = (N.getAttribute.call(el, GATE) || '').toLowerCase();
      if (!allowed(category) || !neutralised(el)) {
        return;
      }
      if (category === 'chat') {
        rememberChat(el); // adapters (#17): a held copy, put back when the chat ends
      }
      if (el.localName === 'script') {
        restoreScript(el);
      } else {
        N.removeAttribute.call(el, GATE);
        MOVABLE.forEach(function (name) {
          move(el, name);
        });
      }
      var at = held.indexOf(el);
      if (at >= 0) {
        held.splice(at, 1);
      }
    });
  }

  // ------------------------------------------------------------------ patches

  function wrap(proto, name, before) {
    var native = proto && proto[name];
    if (typeof native !== 'function') {
      return;
    }
    proto[name] = function () {
      before.apply(this, arguments);
      return native.apply(this, arguments);
    };
  }

  function gateAll() {
    for (var i = 0; i < arguments.length; i++) {
      gate(arguments[i]);
    }
  }

  function gateFirst(node) {
    gate(node); // not the reference or replaced node: it is in the document already
  }

  // Insertion: a script fetches when inserted, an iframe navigates when connected.
  wrap(Node.prototype, 'appendChild', gateFirst);
  wrap(Node.prototype, 'insertBefore', gateFirst);
  wrap(Node.prototype, 'replaceChild', gateFirst);
  ['append', 'prepend', 'before', 'after', 'replaceWith'].forEach(function (name) {
    wrap(Element.prototype, name, gateAll);
  });
  wrap(Element.prototype, 'insertAdjacentElement', function (where, el) {
    gate(el);
  });

  // Attributes: an image fetches as soon as src is assigned, even detached (new Image().src).
  function gateAttribute(el, name, value) {
    name = String(name).toLowerCase();
    if (!isGated(el) || MOVABLE.indexOf(name) < 0) {
      return false;
    }
    var category = N.getAttribute.call(el, GATE) !== null ? blockedCategory(el) : blockedByUrl(el, name, value);
    if (category === null) {
      return false;
    }
    N.setAttribute.call(el, SAVED + name, String(value));
    neutralise(el, category);
    return true;
  }

  var setAttribute = N.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (gateAttribute(this, name, value)) {
      return undefined;
    }
    return setAttribute.apply(this, arguments);
  };

  [['HTMLScriptElement', 'src'], ['HTMLIFrameElement', 'src'], ['HTMLImageElement', 'src'],
    ['HTMLImageElement', 'srcset'], ['HTMLSourceElement', 'src'], ['HTMLSourceElement', 'srcset'],
    ['HTMLLinkElement', 'href'], ['HTMLEmbedElement', 'src'], ['HTMLObjectElement', 'data'],
    ['HTMLIFrameElement', 'srcdoc'], ['HTMLFrameElement', 'src'], ['HTMLInputElement', 'src'],
    ['HTMLMediaElement', 'src'], ['HTMLVideoElement', 'poster'], ['HTMLTrackElement', 'src'],
    ['HTMLMetaElement', 'content']].forEach(function (p) {
    var proto = window[p[0]] && window[p[0]].prototype;
    var d = proto && Object.getOwnPropertyDescriptor(proto, p[1]);
    if (!d || !d.set) {
      return;
    }
    Object.defineProperty(proto, p[1], {
      configurable: true,
      enumerable: d.enumerable,
      get: d.get,
      set: function (value) {
        if (!gateAttribute(this, p[1], value)) {
          d.set.call(this, value);
        }
      }
    });
  });

  // Markup strings: parsed first in an inert <template> (nothing fetches there), neutralised, and
  // only when something was held, inserted as the re-serialised markup.
  var SUSPECT = new RegExp('<\\s*(' + TAGS.join('|') + ')\\b|data-cookie-gate', 'i');

  function gateMarkup(html) {
    if (typeof html !== 'string' || !SUSPECT.test(html)) {
      return html;
    }
    var t = document.createElement('template');
    t.innerHTML = html;
    var before = held.length;
    gate(t.content);
    if (held.length === before) {
      return html;
    }
    // Template contents never get inserted: forget them, restore works on the real copies.
    held.length = before;
    return t.innerHTML;
  }

  function markupSetter(proto, name) {
    var d = Object.getOwnPropertyDescriptor(proto, name);
    if (!d || !d.set) {
      return;
    }
    Object.defineProperty(proto, name, {
      configurable: true,
      enumerable: d.enumerable,
      get: d.get,
      set: function (value) {
        d.set.call(this, this.localName === 'template' ? value : gateMarkup(value));
      }
    });
  }
  markupSetter(Element.prototype, 'innerHTML');
  markupSetter(Element.prototype, 'outerHTML');
  if (window.ShadowRoot) {
    markupSetter(ShadowRoot.prototype, 'innerHTML');
  }
  var insertAdjacentHTML = Element.prototype.insertAdjacentHTML;
  Element.prototype.insertAdjacentHTML = function (where, html) {
    return insertAdjacentHTML.call(this, where, gateMarkup(html));
  };
  Document.prototype.write = function () {
    return N.write.apply(this, Array.prototype.map.call(arguments, gateMarkup));
  };
  Document.prototype.writeln = function () {
    return N.writeln.apply(this, Array.prototype.map.call(arguments, gateMarkup));
  };
  if (Element.prototype.setHTMLUnsafe) {
    var setHTMLUnsafe = Element.prototype.setHTMLUnsafe;
    Element.prototype.setHTMLUnsafe = function (html) {
      return setHTMLUnsafe.call(this, this.localName === 'template' ? html : gateMarkup(html));
    };
  }

  // Nodes that come from another document, or from a fragment parsed for this one, fetch once they
  // belong to the page: gated before they are handed back.
  ['importNode', 'adoptNode'].forEach(function (name) {
    var native = Document.prototype[name];
    Document.prototype[name] = function () {
      return gate(native.apply(this, arguments));
    };
  });
  var createContextualFragment = Range.prototype.createContextualFragment;
  Range.prototype.createContextualFragment = function () {
    return gate(createContextualFragment.apply(this, arguments));
  };

  // Network calls from scripts to hosts whose category is not allowed fail as on a network error.
  function blockedRequest(url, api) {
    var c = hostCategory(url);
    if (c !== null && !allowed(c)) {
      debug('refused ' + api + ' to ' + printable(new URL(String(url), document.baseURI).host) + ' until '
          + c + ' consent');
      return true;
    }
    return false;
  }

  if (N.fetch) {
    window.fetch = function (input) {
      var url = input && typeof input === 'object' && 'url' in input ? input.url : input;
      if (blockedRequest(url, 'fetch')) {
        return Promise.reject(new TypeError('Failed to fetch'));
      }
      return N.fetch.apply(this, arguments);
    };
  }

  if (navigator.sendBeacon) {
    var sendBeacon = navigator.sendBeacon;
    navigator.sendBeacon = function (url) {
      return blockedRequest(url, 'sendBeacon') ? false : sendBeacon.apply(this, arguments);
    };
  }

  var xhrBlocked = new WeakMap();
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url, async) {
    xhrBlocked.set(this, blockedRequest(url, 'XMLHttpRequest') ? { sync: async === false } : null);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var b = xhrBlocked.get(this);
    if (!b) {
      return send.apply(this, arguments);
    }
    if (b.sync) {
      throw new DOMException('Failed to load', 'NetworkError');
    }
    var xhr = this;
    setTimeout(function () {
      xhr.dispatchEvent(new ProgressEvent('error'));
      xhr.dispatchEvent(new ProgressEvent('loadend'));
    }, 0);
    return undefined;
  };

  // ------------------------------------------------------------------ document.cookie guard

  /** A cookie string's valid Max-Age (seconds) and Expires (ms since the epoch), each null if absent. */
  function expiryOf(attributes) {
    var e = { maxAge: null, expires: null };
    attributes.forEach(function (a) {
      var eq = a.indexOf('=');
      var key = (eq < 0 ? a : a.slice(0, eq)).trim().toLowerCase();
      var value = eq < 0 ? '' : a.slice(eq + 1).trim();
      if (key === 'max-age' && /^-?\d+$/.test(value)) {
        e.maxAge = parseInt(value, 10);
      } else if (key === 'expires' && !isNaN(Date.parse(value))) {
        e.expires = Date.parse(value);
      }
    });
    return e;
  }

  /** Whether a cookie string only deletes: Max-Age <= 0, or (without a valid Max-Age) Expires past. */
  function isDeletion(attributes) {
    var e = expiryOf(attributes);
    return e.maxAge !== null ? e.maxAge <= 0 : e.expires !== null && e.expires < Date.now();
  }

  // chat-max-age as the server applies it to Set-Cookie: seconds, 'session', or null for none.
  var chatCap = catalog.chatMaxAge === undefined ? null : catalog.chatMaxAge;
  // max-age.<category> (functional, analytics, marketing): seconds, or absent/null for none.
  var categoryCaps = catalog.maxAge || {};

  /** The lifetime cap of a category's cookies: seconds, 'session', or null for none. */
  function capOf(category) {
    if (category === 'chat') {
      return chatCap;
    }
    var cap = Object.prototype.hasOwnProperty.call(categoryCaps, category) ? categoryCaps[category] : null;
    return typeof cap === 'number' ? cap : null;
  }

  /** Seconds a cookie string asks to live (Max-Age wins over Expires), or null for a session cookie. */
  function lifetime(attributes) {
    var e = expiryOf(attributes);
    return e.maxAge !== null ? e.maxAge : e.expires !== null ? Math.ceil((e.expires - Date.now()) / 1000) : null;
  }

  /**
   * A chat cookie a script writes (the caller checked its category) gets the server's chat-max-age
   * cap, as a Set-Cookie would: its Expires and Max-Age are replaced by the cap when it asks for
   * longer ('session': removed).
   */
  function capped(name, pair, attributes, original, category) {
    var cap = capOf(category);
    if (cap === null) {
      return original;
    }
    var asked = lifetime(attributes);
    if (asked === null || (cap !== 'session' && asked <= cap)) {
      return original;
    }
    var kept = attributes.filter(function (a) {
      var key = a.split('=')[0].trim().toLowerCase();
      return key !== 'max-age' && key !== 'expires';
    });
    if (cap !== 'session') {
      kept.push(' max-age=' + cap);
    }
    debug('capped document.cookie write of ' + category + ' cookie "' + printable(name) + '" to '
        + (category === 'chat' ? 'chat-max-age' : 'max-age.' + category));
    return [pair].concat(kept).join(';');
  }

  /**
   * Whether a script may store this cookie now: the cookie's classification when it may (category
   * null for a deletion, which always passes), or null when the write is dropped, logged with the
   * name, never the value.
   */
  function mayStore(name, deletion, api) {
    if (deletion) {
      return { category: null, allowed: true };
    }
    var c = cookieAllowed(name);
    if (!c.allowed) {
      debug('dropped ' + api + ' write of cookie "' + printable(name) + '" (' + c.category + ') until '
          + (c.category === 'chat' ? 'activation or ' : '') + 'consent');
      return null;
    }
    return c;
  }

  if (N.cookie && N.cookie.set) {
    Object.defineProperty(document, 'cookie', {
      configurable: true,
      enumerable: true,
      get: function () {
        return N.cookie.get.call(document);
      },
      set: function (value) {
        var s = String(value);
        var parts = s.split(';');
        var pair = parts.shift();
        var eq = pair.indexOf('=');
        var name = eq < 0 ? '' : pair.slice(0, eq).trim(); // RFC 6265bis 5.6: no '=' is a nameless cookie
        var c = mayStore(name, isDeletion(parts), 'document.cookie');
        if (c) {
          N.cookie.set.call(document, c.category ? capped(name, pair, parts, s, c.category) : value);
        }
        if (name === consentCookie || name === '__Host-' + consentCookie) {
          consentMayHaveChanged(); // consent mode and chat withdrawal (#17)
        }
      }
    });
  }

  if (window.CookieStore && CookieStore.prototype.set) {
    var storeSet = CookieStore.prototype.set;
    CookieStore.prototype.set = function (nameOrOptions, value) {
      var o = nameOrOptions && typeof nameOrOptions === 'object' ? nameOrOptions : { name: nameOrOptions, value: value };
      var deletion = typeof o.expires === 'number' || o.expires instanceof Date ? +o.expires < Date.now() : false;
      var c = mayStore(String(o.name === undefined ? '' : o.name), deletion, 'cookieStore.set');
      if (!c) {
        return Promise.resolve(undefined);
      }
      var cap = c.category ? capOf(c.category) : null;
      if (cap !== null) {
        var copy = Object.assign({}, o);
        if (cap === 'session') {
          delete copy.expires;
        } else if (copy.expires !== undefined && copy.expires !== null) {
          copy.expires = Math.min(+copy.expires, Date.now() + cap * 1000);
        }
        return storeSet.call(this, copy);
      }
      return storeSet.apply(this, arguments);
    };
  }


  // ================================================================== web storage guard (#13)
  // EDPB Guidelines 2/2023: web storage is terminal storage, under the rule of cookies. Writes to
  // localStorage and sessionStorage (setItem, property assignment, defineProperty) and
  // indexedDB.open of a catalogued key or database name are refused while its category is not
  // allowed; a key no rule names passes (the site's own code keeps its state there), unless the
  // script writing it was loaded from a catalogued vendor host, which then gives the category.
  // Keys of categories no longer allowed are removed at load, at the end of the conversation and
  // when the page reports a consent change (cookieGate.allow). Values are never logged.
  var purgeStorage = (function (storage) {
    var keyRules = layers(storage.map(function (l) {
      return l.keys || {};
    }));
    var dbRules = layers(storage.map(function (l) {
      return l.databases || {};
    }));
    var REGISTRY = 'cookie-gate:storage'; // keys attributed to a vendor by the script that wrote them
    var REGISTRY_MAX = 500;
    var SP = window.Storage && Storage.prototype;
    if (!SP) {
      return function () {};
    }
    var S = { setItem: SP.setItem, getItem: SP.getItem, removeItem: SP.removeItem, key: SP.key,
      length: Object.getOwnPropertyDescriptor(SP, 'length') };
    var areas = []; // {kind, real, proxy}
    var realOf = new WeakMap();
    var ownKeys = new Set(); // kind:key the site's own code wrote on this page
    var remembered = new Map(); // kind:key -> category, as this page knows the registry holds it
    var selfUrl = self && self.src ? String(self.src) : null;

    function areaOf(storageObject) {
      for (var i = 0; i < areas.length; i++) {
        if (areas[i].real === storageObject) {
          return areas[i];
        }
      }
      return null;
    }

    /** The host category of the script that called into the guard (the innermost frame not ours), or null. */
    function writerCategory() {
      var limit = Error.stackTraceLimit;
      var stack;
      try {
        if (typeof limit === 'number') {
          Error.stackTraceLimit = 8; // V8: the writer is the first frame past gate.js's own three or four
        }
        stack = String(new Error().stack || '');
      } catch (e) {
        return null;
      } finally {
        if (typeof limit === 'number') {
          Error.stackTraceLimit = limit;
        }
      }
      var re = /(https?:\/\/[^\s()'"]+):\d+:\d+/g;
      for (var m = re.exec(stack); m; m = re.exec(stack)) {
        if (m[1] === selfUrl) {
          continue;
        }
        var c = hostCategory(m[1]);
        return c !== null && c !== 'necessary' ? c : null; // the writer is the first script not ours
      }
      return null;
    }

    function registry() {
      var local = areas.length && areas[0].kind === 'localStorage' ? areas[0].real : null;
      var r = null;
      try {
        r = local && JSON.parse(S.getItem.call(local, REGISTRY) || 'null');
      } catch (e) {
        r = null; // unreadable: start again
      }
      return { area: local, map: r && typeof r === 'object' ? r : {} };
    }

    function remember(kind, key, category) {
      var id = kind.charAt(0) + ':' + key;
      if (remembered.get(id) === category) {
        return; // a vendor writing its key again: the registry has it
      }
      var r = registry();
      if (!r.area || key === REGISTRY || (r.map[id] !== category && Object.keys(r.map).length >= REGISTRY_MAX)) {
        return;
      }
      remembered.set(id, category);
      if (r.map[id] === category) {
        return;
      }
      r.map[id] = category;
      try {
        S.setItem.call(r.area, REGISTRY, JSON.stringify(r.map));
      } catch (e) {
        // quota: the key is still guarded on this page
      }
    }

    /** The category of a key (kind localStorage, sessionStorage or indexedDB), or null when no rule names it. */
    function categoryOf(kind, key, map) {
      if (key === REGISTRY) {
        return 'necessary';
      }
      var c = lookup(kind === 'indexedDB' ? dbRules : keyRules, key);
      if (c === null && map) {
        c = map[kind.charAt(0) + ':' + key] || null;
      }
      return c;
    }

    /** Whether a script may store this key now; logs the name (never the value) when it may not. */
    function mayWrite(kind, key) {
      var c = categoryOf(kind, key, null);
      var attributed = false;
      if (c === null) {
        // Reading the stack costs tens of microseconds: a key the site's own code wrote on this page is
        // not looked at again (the common case: state saved over and over); a vendor's key always is.
        var id = kind.charAt(0) + ':' + key;
        c = ownKeys.has(id) ? null : writerCategory();
        if (c === null && !ownKeys.has(id)) {
          if (ownKeys.size >= 1000) {
            ownKeys.clear();
          }
          ownKeys.add(id);
        }
        attributed = c !== null;
      }
      if (c === null || allowed(c)) {
        if (attributed) {
          remember(kind, key, c);
        }
        return true;
      }
      debug('refused ' + kind + ' write of "' + printable(key) + '" (' + c + ') until '
          + (c === 'chat' ? 'activation or ' : '') + 'consent');
      return false;
    }

    SP.setItem = function (key, value) {
      var real = realOf.get(this) || this;
      var a = areaOf(real);
      if (arguments.length >= 2 && !mayWrite(a ? a.kind : 'storage', String(key))) {
        return undefined;
      }
      return S.setItem.apply(real, arguments);
    };

    // window.localStorage and window.sessionStorage are accessors on the global object: they now
    // return a Proxy, so that localStorage.k = v and localStorage['k'] = v (the named setter) are
    // decided as setItem is.
    ['localStorage', 'sessionStorage'].forEach(function (kind) {
      var d = Object.getOwnPropertyDescriptor(window, kind) || Object.getOwnPropertyDescriptor(Window.prototype, kind);
      var real;
      try {
        real = d && d.get && d.configurable ? d.get.call(window) : null;
      } catch (e) {
        real = null; // storage disabled here: left as it is
      }
      if (!real || typeof Proxy !== 'function') {
        return;
      }
      var bound = new WeakMap();
      var proxy = new Proxy(real, {
        get: function (t, p) {
          var v = Reflect.get(t, p, t);
          if (typeof v !== 'function' || p === 'constructor') {
            return v;
          }
          if (!bound.has(v)) {
            bound.set(v, v.bind(t));
          }
          return bound.get(v);
        },
        set: function (t, p, v) {
          if (typeof p === 'string' && !mayWrite(kind, p)) {
            return true; // dropped, as a refused setItem
          }
          return Reflect.set(t, p, v, t);
        },
        defineProperty: function (t, p, desc) {
          if (typeof p === 'string' && !mayWrite(kind, p)) {
            return true;
          }
          return Reflect.defineProperty(t, p, desc);
        }
      });
      realOf.set(proxy, real);
      areas.push({ kind: kind, real: real, proxy: proxy });
      Object.defineProperty(window, kind, {
        configurable: true,
        enumerable: d.enumerable,
        get: function () {
          return proxy;
        }
      });
    });

    var idb = window.IDBFactory && IDBFactory.prototype;
    var idbOpen = idb && idb.open;
    var idbDelete = idb && idb.deleteDatabase;
    if (idbOpen) {
      idb.open = function (name) {
        if (arguments.length >= 1 && !mayWrite('indexedDB', String(name))) {
          throw new DOMException('cookie-gate: storage of this database is not allowed yet', 'SecurityError');
        }
        return idbOpen.apply(this, arguments);
      };
    }

    /** Removes the stored keys and databases whose category is not allowed now. */
    function purge() {
      var r = registry();
      var changed = false;
      areas.forEach(function (a) {
        var names = [];
        try {
          for (var i = S.length.get.call(a.real) - 1; i >= 0; i--) {
            names.push(S.key.call(a.real, i));
          }
        } catch (e) {
          return;
        }
        names.forEach(function (k) {
          var c = k === null ? null : categoryOf(a.kind, k, r.map);
          if (c !== null && !allowed(c)) {
            S.removeItem.call(a.real, k);
            var id = a.kind.charAt(0) + ':' + k;
            remembered.delete(id);
            if (id in r.map) {
              delete r.map[id];
              changed = true;
            }
            debug('removed ' + a.kind + ' "' + printable(k) + '" (' + c + '): no longer allowed');
          }
        });
      });
      if (changed && r.area) {
        try {
          if (Object.keys(r.map).length) {
            S.setItem.call(r.area, REGISTRY, JSON.stringify(r.map));
          } else {
            S.removeItem.call(r.area, REGISTRY);
          }
        } catch (e) {
          // kept as it was
        }
      }
      if (idbDelete && window.indexedDB && typeof indexedDB.databases === 'function') {
        indexedDB.databases().then(function (list) {
          list.forEach(function (db) {
            var c = db && typeof db.name === 'string' ? categoryOf('indexedDB', db.name, r.map) : null;
            if (c !== null && !allowed(c)) {
              idbDelete.call(indexedDB, db.name);
              debug('removed indexedDB "' + printable(db.name) + '" (' + c + '): no longer allowed');
            }
          });
        }, function () {});
      }
    }

    try {
      purge(); // what was stored before a withdrawal, or past an older page
    } catch (e) {
      debug('could not clean web storage: ' + e.message);
    }
    return function () {
      try {
        purge();
      } catch (e) {
        debug('could not clean web storage: ' + e.message);
      }
    };
  })(catalog.storage || []);
  // ================================================================== end of web storage guard (#13)

  // ------------------------------------------------------------------ second net

  // Whatever reached the document past the patches (a parser, a native function taken from another
  // frame) is neutralised when seen: too late for a script that started, in time for the rest.
  new MutationObserver(function (records) {
    records.forEach(function (r) {
      if (r.type === 'attributes') {
        gate(r.target);
      } else {
        Array.prototype.forEach.call(r.addedNodes, gate);
      }
    });
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: MOVABLE.concat(['rel']) });

  // ================================================================== launcher (#17)
  // The filter inserts a launcher (aside[data-cookie-gate-launcher] around a native button marked
  // data-cookie-gate-activate) where it held a chat vendor and the page has no button of its own.
  // Its click is an activation like any other; this section hides it while the chat is on, so
  // that the vendor's own bubble takes its place, and shows it again when the chat ends.

  function showLaunchers(show) {
    Array.prototype.forEach.call(document.querySelectorAll('[data-cookie-gate-launcher]'), function (l) {
      l.hidden = !show;
    });
  }

  document.addEventListener('cookie-gate:activated', function () {
    chatWasAllowed = true;
    showLaunchers(false);
    openWhenReady();
  });

  // ================================================================== adapters (#17)
  /*
   * One entry per chat vendor, so that the click that activated the chat also opens the vendor's
   * widget, and the end of the conversation (or withdrawal of chat consent) ends it in the page:
   * - ready(): whether the vendor's JavaScript API takes calls now (a snippet's queue counts);
   * - open(): opens its widget, once, after activation;
   * - shutdown(): ends the visitor's session in it (end of conversation, chat consent withdrawn);
   * - elements: a selector for what its script adds to the page, removed after shutdown;
   * - storage: a RegExp of the localStorage and sessionStorage keys it writes, removed after shutdown;
   * - globals: the window properties its script defines, deleted after shutdown so that a later
   *   activation loads it afresh from the held copies of its elements.
   * "documented": the vendor's developer documentation names the call. "assumed": taken from its
   * public snippets or seen in pages, not from its documentation: check before relying on it.
   * A page adds its own with cookieGate.addAdapter({name, ready, open, shutdown, elements, storage,
   * globals}); those are tried before the built-in ones.
   */
  function fn(path) {
    var o = window;
    var parts = path.split('.');
    for (var i = 0; i < parts.length && o !== null && o !== undefined; i++) {
      o = o[parts[i]];
    }
    return typeof o === 'function';
  }

  var adapters = [
    {
      name: 'intercom',
      // documented (developers.intercom.com, "Javascript API: Methods"): Intercom('show'),
      // Intercom('shutdown'); calls made before the library loads are queued by the snippet.
      ready: function () { return fn('Intercom'); },
      open: function () { window.Intercom('show'); },
      shutdown: function () { window.Intercom('shutdown'); },
      elements: '#intercom-container, #intercom-frame, .intercom-lightweight-app', // assumed
      storage: /^intercom[.-]/, // assumed
      globals: ['Intercom']
    },
    {
      name: 'crisp',
      // documented (help.crisp.chat, "$crisp chatbox JavaScript SDK"): $crisp.push(['do', 'chat:open']),
      // queued until the chatbox loads; session:reset is in Crisp's $crisp methods reference.
      ready: function () { return !!window.$crisp && fn('$crisp.push'); },
      open: function () { window.$crisp.push(['do', 'chat:open']); },
      shutdown: function () { window.$crisp.push(['do', 'session:reset']); },
      elements: '.crisp-client', // assumed
      storage: /^crisp-client/, // assumed
      globals: ['$crisp']
    },
    {
      name: 'tawk.to',
      // documented (developer.tawk.to, "JavaScript API"): Tawk_API.maximize(), Tawk_API.endChat();
      // both exist once the widget has loaded (onLoad).
      ready: function () { return fn('Tawk_API.maximize'); },
      open: function () { window.Tawk_API.maximize(); },
      shutdown: function () { window.Tawk_API.endChat(); },
      storage: /^twk_/, // twk_token_* in localStorage (help.tawk.to cookie article)
      globals: ['Tawk_API', 'Tawk_LoadStart']
    },
    {
      name: 'zendesk',
      // documented (developer.zendesk.com): messaging zE('messenger', 'open') and
      // zE('messenger', 'logoutUser'); classic Web Widget zE('webWidget', 'open'). Which one the page
      // runs is not visible from outside: assumed, each is tried in turn. zE('webWidget', 'reset'): assumed.
      ready: function () { return fn('zE'); },
      open: function () {
        try {
          window.zE('messenger', 'open');
        } catch (e) {
          window.zE('webWidget', 'open');
        }
      },
      shutdown: function () {
        try {
          window.zE('messenger', 'logoutUser');
        } catch (e) {
          window.zE('webWidget', 'reset');
        }
      },
      storage: /^ZD-/, // Zendesk messaging's ZD-* keys
      globals: ['zE', 'zEmbed']
    },
    {
      name: 'hubspot',
      // documented (developers.hubspot.com, "Conversations SDK"): HubSpotConversations.widget.open(),
      // HubSpotConversations.clear({resetWidget: true}); the object appears when the widget is ready.
      ready: function () { return fn('HubSpotConversations.widget.open'); },
      open: function () { window.HubSpotConversations.widget.open(); },
      shutdown: function () { window.HubSpotConversations.clear({ resetWidget: true }); }
    },
    {
      name: 'livechat',
      // documented (platform.text.com, "Chat Widget JS API"): LiveChatWidget.call('maximize'),
      // LiveChatWidget.call('destroy'); the tracking code queues calls until the widget loads.
      ready: function () { return fn('LiveChatWidget.call'); },
      open: function () { window.LiveChatWidget.call('maximize'); },
      shutdown: function () { window.LiveChatWidget.call('destroy'); },
      globals: ['LiveChatWidget']
    },
    {
      name: 'tidio',
      // documented (developers.tidio.com, "Other Methods"): tidioChatApi.open() once ready; no
      // documented shutdown: its state in storage goes (tidio_state_*).
      ready: function () { return fn('tidioChatApi.open'); },
      open: function () { window.tidioChatApi.open(); },
      storage: /^tidio_state_/,
      globals: ['tidioChatApi']
    },
    {
      name: 'drift',
      // documented (devdocs.drift.com): drift.api.openChat() once 'ready'; drift.reset() (snippet methods).
      ready: function () { return fn('drift.api.openChat'); },
      open: function () { window.drift.api.openChat(); },
      shutdown: function () { window.drift.reset(); },
      globals: ['drift', 'driftt']
    },
    {
      name: 'brevo',
      // assumed: BrevoConversations('openChat', true), after the vendor's JavaScript API reference
      // (developers.brevo.com); no shutdown call known.
      ready: function () { return fn('BrevoConversations'); },
      open: function () { window.BrevoConversations('openChat', true); }
    },
    {
      name: 'freshchat',
      // assumed: window.fcWidget.open(), fcWidget.user.clear() and fcWidget.destroy(), after public
      // integrations of the Freshchat web widget.
      ready: function () { return fn('fcWidget.open'); },
      open: function () { window.fcWidget.open(); },
      shutdown: function () {
        if (fn('fcWidget.user.clear')) {
          window.fcWidget.user.clear();
        }
        window.fcWidget.destroy();
      },
      globals: ['fcWidget']
    },
    {
      name: 'chatwoot',
      // assumed: window.$chatwoot.toggle('open') and $chatwoot.reset() once $chatwoot.hasLoaded, as
      // Chatwoot's website SDK exposes them.
      ready: function () { return !!window.$chatwoot && window.$chatwoot.hasLoaded === true; },
      open: function () { window.$chatwoot.toggle('open'); },
      shutdown: function () { window.$chatwoot.reset(); },
      globals: ['$chatwoot']
    }
    // iAdvize: no documented call to open its chatbox from the page was found; it is not opened.
  ];

  var OPEN_WAIT_MS = 20000;
  var opened = Object.create(null); // adapter name -> true once open() was called on this activation
  var chatOriginals = []; // held copies of the chat elements restored on this page, in order
  var chatWasAllowed = false; // set below, once allowed() can read the consent cookie

  function addAdapter(a) {
    if (!a || typeof a.name !== 'string' || typeof a.ready !== 'function'
        || (a.open !== undefined && typeof a.open !== 'function')
        || (a.shutdown !== undefined && typeof a.shutdown !== 'function')
        || (a.storage !== undefined && !(a.storage instanceof RegExp))) {
      throw new TypeError('cookie-gate: an adapter needs a name, ready() and optionally open(), shutdown(),'
          + ' elements (a selector), storage (a RegExp) and globals (names)');
    }
    adapters.unshift(a);
    return adapters.length;
  }

  /** Calls an adapter's function; a vendor API that throws is logged and changes nothing else. */
  function call(a, what) {
    try {
      return a[what] ? a[what]() : undefined;
    } catch (e) {
      debug(a.name + ' ' + what + ' failed: ' + e);
      return undefined;
    }
  }

  function rememberChat(el) {
    if (chatOriginals.length < 64) {
      chatOriginals.push(el.cloneNode(true));
    }
  }

  /** After activation: opens the first vendor whose API becomes ready, polling for up to 20 seconds. */
  function openWhenReady() {
    var started = Date.now();
    opened = Object.create(null);
    (function poll() {
      for (var i = 0; i < adapters.length; i++) {
        var a = adapters[i];
        if (a.open && call(a, 'ready')) {
          opened[a.name] = true;
          call(a, 'open');
          debug('opened the ' + a.name + ' widget');
          return;
        }
      }
      if (Date.now() - started < OPEN_WAIT_MS && allowed('chat')) {
        setTimeout(poll, 100);
      }
    })();
  }

  function eachStorage(action) {
    ['localStorage', 'sessionStorage'].forEach(function (kind) {
      try {
        action(window[kind]);
      } catch (e) {
        // storage unavailable (blocked, sandboxed): nothing of it to clear
      }
    });
  }

  /**
   * Removes the chat vendors' web storage: through the web storage guard's catalog when this
   * gate.js has one (purgeStorage, which removes what is no longer allowed), and by each adapter's
   * key pattern.
   */
  function clearChatStorage() {
    if (typeof purgeStorage === 'function') {
      purgeStorage();
    }
    var patterns = adapters.filter(function (a) {
      return a.storage instanceof RegExp;
    }).map(function (a) {
      return a.storage;
    });
    eachStorage(function (store) {
      for (var i = store.length - 1; i >= 0; i--) {
        var key = store.key(i);
        if (key !== null && patterns.some(function (p) { return p.test(key); })) {
          store.removeItem(key);
        }
      }
    });
  }

  /** Expires the chat cookies scripts wrote on this page's host (path /); the server's sweep takes the rest. */
  function clearChatCookies() {
    String(N.cookie.get.call(document)).split(';').forEach(function (pair) {
      var eq = pair.indexOf('=');
      var name = (eq < 0 ? '' : pair.slice(0, eq)).trim();
      if (name && lookup(cookieRules, name) === 'chat') {
        N.cookie.set.call(document, name + '=; path=/; max-age=0');
      }
    });
  }

  /**
   * The chat ends in the page (end of conversation, or chat no longer allowed): each vendor's
   * shutdown, its elements, storage keys and globals go, what loaded from chat hosts is removed,
   * and the held copies of the chat elements come back, so that the launcher can start it again.
   */
  function endChatInPage(reason) {
    // The vendor's shutdown may tell its servers (a logout call): what it sends while it runs passes.
    var wasGranted = granted.chat;
    granted.chat = true;
    try {
      adapters.forEach(function (a) {
        if (call(a, 'ready')) {
          call(a, 'shutdown');
        }
      });
    } finally {
      if (!wasGranted) {
        delete granted.chat;
      }
    }
    adapters.forEach(function (a) {
      if (typeof a.elements === 'string') {
        try {
          Array.prototype.forEach.call(document.querySelectorAll(a.elements), function (el) {
            el.remove();
          });
        } catch (e) {
          debug(a.name + ' elements: ' + e);
        }
      }
      (a.globals || []).forEach(function (g) {
        try {
          delete window[g];
        } catch (e) {
          // a var-declared global cannot be deleted
        }
        if (window[g] !== undefined) {
          window[g] = undefined;
        }
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll('script[src], iframe[src], img[src], embed[src], object[data]'),
      function (el) {
        var url = N.getAttribute.call(el, el.localName === 'object' ? 'data' : 'src');
        if (hostCategory(url) === 'chat') {
          el.remove();
        }
      });
    clearChatStorage();
    clearChatCookies();
    var copies = chatOriginals;
    chatOriginals = [];
    copies.forEach(function (el) {
      N.appendChild.call(document.body || document.documentElement, el);
    });
    opened = Object.create(null);
    chatWasAllowed = allowed('chat');
    showLaunchers(true);
    debug('chat ended in the page (' + reason + ')');
    document.dispatchEvent(new CustomEvent('cookie-gate:chat-ended', { detail: { reason: reason } }));
  }

  // ================================================================== consent mode (#17)
  /*
   * Google Consent Mode v2 and Microsoft Clarity's consent API v2, for pages that run those tags.
   * gate.js runs first in the head: it watches for the page creating window.dataLayer (gtag.js,
   * Google Tag Manager) and window.clarity (Clarity's snippet) and, at that moment, before any
   * command of the page, queues the defaults: every storage denied. When the gate's state changes
   * (a consent banner writes the consent cookie, cookieGate.allow()), it queues an update. Only
   * consent counts: activation of the chat grants none of these. The tags themselves stay held
   * until their category is consented, as any analytics or marketing element.
   * documented: developers.google.com "Set up consent mode" (gtag('consent', 'default' | 'update'),
   * analytics_storage, ad_storage, ad_user_data, ad_personalization); learn.microsoft.com "Clarity
   * consent API v2" (clarity('consentv2', {ad_Storage, analytics_Storage})).
   */
  function consentModeState() {
    var analytics = allowed('analytics') ? 'granted' : 'denied';
    var marketing = allowed('marketing') ? 'granted' : 'denied';
    return { analytics_storage: analytics, ad_storage: marketing, ad_user_data: marketing, ad_personalization: marketing };
  }

  var DENIED = { analytics_storage: 'denied', ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' };
  var gtagSent = null; // the last state queued to dataLayer, as JSON
  var claritySent = null;

  /** What gtag() pushes: an arguments object, which gtag.js reads as a command (an array is not one). */
  function gtagCommand() {
    return arguments;
  }

  function clarityState(s) {
    return { ad_Storage: s.ad_storage, analytics_Storage: s.analytics_storage };
  }

  function updateConsentMode() {
    var s = consentModeState();
    var json = JSON.stringify(s);
    var dl = window.dataLayer;
    if (gtagSent !== null && gtagSent !== json && dl && typeof dl.push === 'function') {
      gtagSent = json;
      dl.push(gtagCommand('consent', 'update', s));
    }
    if (claritySent !== null && claritySent !== json && typeof window.clarity === 'function') {
      claritySent = json;
      window.clarity('consentv2', clarityState(s));
    }
  }

  /** Runs first(value) when the page first sets window[name] (or at once if it is set already). */
  function whenDefined(name, first) {
    if (window[name] !== undefined) {
      first(window[name]);
      return;
    }
    try {
      Object.defineProperty(window, name, {
        configurable: true,
        enumerable: true,
        get: function () {
          return undefined;
        },
        set: function (v) {
          Object.defineProperty(window, name, { configurable: true, enumerable: true, writable: true, value: v });
          first(v);
        }
      });
    } catch (e) {
      debug('cannot watch window.' + name + ': ' + e);
    }
  }

  whenDefined('dataLayer', function (dl) {
    if (!dl || typeof dl.push !== 'function' || gtagSent !== null) {
      return;
    }
    // First in the queue, whatever the page's snippet put there already.
    var start = [gtagCommand('consent', 'default', DENIED)];
    gtagSent = JSON.stringify(DENIED);
    var s = consentModeState();
    if (JSON.stringify(s) !== gtagSent) {
      start.push(gtagCommand('consent', 'update', s));
      gtagSent = JSON.stringify(s);
    }
    Array.prototype.unshift.apply(dl, start);
  });

  whenDefined('clarity', function (c) {
    if (typeof c !== 'function' || claritySent !== null) {
      return;
    }
    var s = consentModeState();
    c('consentv2', clarityState(DENIED));
    claritySent = JSON.stringify(DENIED);
    if (JSON.stringify(s) !== claritySent) {
      c('consentv2', clarityState(s));
      claritySent = JSON.stringify(s);
    }
  });

  // ------------------------------------------------------------------ consent changes (#17)
  var consentCheck = null;

  /** The consent cookie may have changed: consent mode follows, and chat no longer allowed ends in the page. */
  function consentMayHaveChanged() {
    updateConsentMode(); // at once: a tag restored right after reads the update first
    if (consentCheck !== null) {
      return;
    }
    consentCheck = setTimeout(function () {
      consentCheck = null;
      var chat = allowed('chat');
      if (chatWasAllowed && !chat) {
        endChatInPage('chat consent withdrawn');
      }
      chatWasAllowed = chat;
    }, 0);
  }

  if (window.cookieStore && typeof cookieStore.addEventListener === 'function') {
    // The consent endpoint's Set-Cookie, or another tab: the browser reports the change.
    cookieStore.addEventListener('change', function (e) {
      [].concat(e.changed || [], e.deleted || []).forEach(function (c) {
        if (c && (c.name === consentCookie || c.name === '__Host-' + consentCookie)) {
          consentMayHaveChanged();
        }
      });
    });
  }
  chatWasAllowed = allowed('chat');

  // ------------------------------------------------------------------ activation and API

  var busy = false;

  function activate() {
    if (busy) {
      return Promise.resolve(false);
    }
    busy = true;
    return N.fetch.call(window, activationPath, { method: 'POST', credentials: 'same-origin' })
      .then(function (response) {
        if (response.status !== 204) {
          throw new Error('activation refused with status ' + response.status);
        }
        if (self && self.hasAttribute('data-reload-on-activate')) {
          location.reload(); // the page's Content-Security-Policy left the chat hosts out; a browser never widens it
          return true;
        }
        // Only the server's 204 (it set the signed HttpOnly marker) grants chat on this page.
        granted.chat = true;
        restore();
        document.dispatchEvent(new CustomEvent('cookie-gate:activated'));
        return true;
      })
      .catch(function (e) {
        busy = false;
        if (window.console) {
          console.warn('cookie-gate: ' + e.message);
        }
        return false;
      });
  }

  document.addEventListener('click', function (e) {
    var t = e.target;
    if (t && t.closest && t.closest('[data-cookie-gate-activate]')) {
      activate();
    }
  }, true);

  /*
   * window.cookieGate, for the page's consent banner:
   * - allow(categories): restores the held elements of those categories that are now allowed, and
   *   returns the categories allowed after the call. It grants nothing by itself: a category is
   *   allowed when the server allowed it for this page (data-allowed), when activation succeeded
   *   (chat, after the server's 204), or when the library's consent cookie grants it, which the
   *   server reads too. So a script calling allow('chat') or allow('analytics') gains nothing the
   *   server would not allow on its next request; a script that writes the consent cookie itself
   *   is a consent banner, and the server honours that cookie as well.
   * - activate(): the click's activation, as a promise of whether the server accepted it.
   * - end(): the page ended the conversation (after the application's endpoint called
   *   ChatActivation.end): chat is no longer allowed here unless consented. It only takes away.
   * - allowed(category): whether a category may load now.
   * - addAdapter({name, ready, open, shutdown, elements, storage, globals}): teaches gate.js how to
   *   open a chat vendor's widget after activation and end it (see "adapters" above); tried first.
   */
  var api = {
    allow: function (categories) {
      consentMayHaveChanged(); // consent mode and chat withdrawal (#17)
      restore();
      purgeStorage(); // web storage of categories withdrawn since the page loaded
      return CONSENT_REQUIRED.filter(function (c) {
        return allowed(c);
      }).filter(function (c) {
        return !categories || [].concat(categories).indexOf(c) >= 0;
      });
    },
    activate: activate,
    end: function () {
      delete granted.chat;
      purgeStorage(); // the conversation's web storage
      busy = false;
      endChatInPage('end'); // adapters (#17): the vendor's shutdown, its elements and storage
    },
    addAdapter: addAdapter,
    allowed: function (category) {
      return allowed(String(category).toLowerCase());
    }
  };
  Object.freeze(api);
  try {
    Object.defineProperty(window, 'cookieGate', { value: api, enumerable: false, configurable: false, writable: false });
  } catch (e) {
    debug('window.cookieGate is taken');
  }
})(typeof COOKIE_GATE_CATALOG === 'object' ? COOKIE_GATE_CATALOG : {});
