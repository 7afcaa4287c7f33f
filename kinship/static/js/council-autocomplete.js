// Turns the long lists of councils into GOV.UK's accessible autocomplete:
// type a few letters, pick from the matches. Without JavaScript (or if the
// autocomplete script did not load) the plain select lists work as they are.
// What screen readers hear comes from the form, in the page's language.
const autocomplete = window.accessibleAutocomplete

if (autocomplete && autocomplete.enhanceSelectElement) {
  for (const select of document.querySelectorAll('select[data-kinship-autocomplete]')) {
    const words = select.form ? select.form.dataset : {}
    const options = {
      selectElement: select,
      defaultValue: '',
      showAllValues: true,
      dropdownArrow: () => ''
    }
    if (words.noResults) {
      options.tNoResults = () => words.noResults
      options.tStatusNoResults = () => words.noResults
      options.tStatusResults = (count) =>
        count === 1 ? words.oneResult : words.results.replace('%(count)s', count)
      options.tAssistiveHint = () => words.hint
    }
    autocomplete.enhanceSelectElement(options)
  }
}
