// On a phone the filters start folded, so the results are on the first screen; without this script they are
// simply open. (Selects do not submit on change: a change of page must come from the reader's own click.)
document.addEventListener("DOMContentLoaded", () => {
  const facets = document.querySelector('form[data-testid="filters"] details.facets');
  if (facets && window.matchMedia("(max-width: 48rem)").matches) facets.open = false;
});
