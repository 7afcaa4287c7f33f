// The print pages' "Print this page" button. It needs JavaScript, so the
// page draws it hidden and it is shown here; without JavaScript the page
// says to use the browser's own Print instead (print_base.html).
for (const button of document.querySelectorAll('[data-kinship-print]')) {
  button.addEventListener('click', () => window.print())
  button.hidden = false
}
