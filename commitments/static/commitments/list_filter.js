'use strict';
// A list filter's search box (lookup_filters.AutocompleteFilter): choosing or clearing a row reloads the
// list with that filter set, keeping the other filters and going back to the first page.
{
    const $ = django.jQuery;
    $(function() {
        $('select[data-tracker-filter]').on('change', function() {
            const params = new URLSearchParams(window.location.search);
            params.delete('p');
            if (this.value) {
                params.set(this.dataset.trackerFilter, this.value);
            } else {
                params.delete(this.dataset.trackerFilter);
            }
            window.location.search = params.toString();
        });
    });
}
