import type { RequestHandler } from "./$types";

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A demo host page: a clinic's site with its own, deliberately intrusive CSS and script,
 * embedding the widget with one script tag. Plain HTML, not a SvelteKit page, like a real host.
 */
export const GET: RequestHandler = ({ url }) => {
  const flow = /^[a-z][a-z0-9-]*$/.test(url.searchParams.get("flow") ?? "") ? url.searchParams.get("flow")! : "general";
  const locale = url.searchParams.get("lang") === "en" ? "en" : "fr";
  const html = `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${locale === "fr" ? "Cabinet de démonstration" : "Demo clinic"}</title>
<style>
  /* The host's own styles: they must not leak into the widget. */
  body { font-family: Georgia, serif; margin: 0; background: #f6f1e7; color: #222; }
  header { background: #2d2a26; color: #fff; padding: 1rem 1.5rem; }
  main { max-width: 40rem; margin: 2rem auto; padding: 0 1rem 6rem; line-height: 1.6; }
  button { background: hotpink !important; font-size: 30px; }
  iframe { border: 10px dashed orange; }
</style>
</head>
<body>
<header><h1>${locale === "fr" ? "Cabinet médical de démonstration" : "Demo medical practice"}</h1></header>
<main>
  <h2>${locale === "fr" ? "Téléconsultation" : "Teleconsultation"}</h2>
  <p>${
    locale === "fr"
      ? "Cette page montre le widget de Triage intégré avec une seule balise script. Cliquez sur le bouton en bas à droite."
      : "This page shows the Triage widget embedded with a single script tag. Click the button at the bottom right."
  }</p>
  <pre><code>${escape(`<script src="${url.origin}/widget.js" data-flow="${flow}" data-locale="${locale}"></script>`)}</code></pre>
</main>
<script>window.hostPageScriptRan = true;</script>
<script src="/widget.js" data-flow="${flow}" data-locale="${locale}" data-title="${locale === "fr" ? "Orientation avant téléconsultation" : "Before your teleconsultation"}"></script>
</body>
</html>`;
  return new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } });
};
