"""Forms of the organisation, one module per feature (units, groups, people); the search box every list page
shares is `clusters.web.SearchForm`. Import from the feature module, e.g. `from clusters.forms.units import
UnitForm`."""
