package dev.ctx.history;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trailers in order, where one key may repeat ({@code Ctx-Reverts} once per commit undone).
 * {@link dev.ctx.store.Operation#trailers()} is typed as a map and the commit message writer only walks
 * its entry set, so this map's entry set holds every (key, value) pair, repeated keys included. Lookups
 * by key see the first value; nothing else relies on key uniqueness.
 */
final class TrailerList extends AbstractMap<String, String> {
    private final List<Map.Entry<String, String>> entries = new ArrayList<>();

    TrailerList add(String key, String value) {
        entries.add(new SimpleImmutableEntry<>(key, value));
        return this;
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return entries.iterator();
            }

            @Override
            public int size() {
                return entries.size();
            }
        };
    }
}
