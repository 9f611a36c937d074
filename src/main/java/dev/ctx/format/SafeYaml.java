package dev.ctx.format;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The only way ctx builds SnakeYAML instances: safe constructors, bounded size, aliases and nesting
 * (a billion-laughs document is refused in milliseconds), duplicate keys refused.
 */
public final class SafeYaml {
    /** Upper bound on a front-matter block or ctx.yaml, in code points. */
    public static final int MAX_CODE_POINTS = 64 * 1024;

    private SafeYaml() {
    }

    static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setMaxAliasesForCollections(10);
        o.setAllowDuplicateKeys(false);
        o.setCodePointLimit(MAX_CODE_POINTS);
        o.setNestingDepthLimit(20);
        o.setAllowRecursiveKeys(false);
        return o;
    }

    /** Typed loading (YAML 1.1 rules): for ctx.yaml, where numbers and booleans are meant. */
    public static Yaml typed() {
        LoaderOptions o = loaderOptions();
        return new Yaml(new SafeConstructor(o), new Representer(new DumperOptions()), new DumperOptions(), o);
    }

    /**
     * String-preserving loading for front-matter: every plain scalar stays the text the person wrote,
     * so "012", "NO" or "1.10" are never coerced (YAML 1.1 would turn them into 10, false, 1.1).
     */
    public static Yaml strings() {
        LoaderOptions o = loaderOptions();
        Resolver onlyStrings = new Resolver() {
            @Override
            protected void addImplicitResolvers() {
                // none: plain scalars resolve to str
            }
        };
        return new Yaml(new SafeConstructor(o), new Representer(new DumperOptions()), new DumperOptions(), o, onlyStrings);
    }

    /** Block-style dumping; the default resolver quotes strings another YAML 1.1 reader would coerce. */
    public static Yaml dumper() {
        DumperOptions d = new DumperOptions();
        d.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        d.setWidth(Integer.MAX_VALUE);
        d.setSplitLines(false);
        d.setIndent(2);
        d.setExplicitStart(false);
        return new Yaml(new SafeConstructor(loaderOptions()), new Representer(d), d);
    }
}
