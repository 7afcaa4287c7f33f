// Turns the long lists of councils into GOV.UK's accessible autocomplete:
// type a few letters, pick from the matches. Without JavaScript (or if the
// autocomplete script did not load) the plain select lists work as they are.
const autocomplete = window.accessibleAutocomplete

if (autocomplete && autocomplete.enhanceSelectElement) {
  for (const select of document.querySelectorAll('select[data-kinship-autocomplete]')) {
    autocomplete.enhanceSelectElement({
      selectElement: select,
      defaultValue: '',
      showAllValues: true,
      dropdownArrow: () => ''
    })
  }
}
