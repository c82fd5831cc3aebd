package dev.detour.server.policy;

/**
 * What one principal may use, asked where lists are filtered and again, separately, where a call is
 * dispatched: a list shows only what this grants, and a call to anything else is answered exactly as
 * a call to something that does not exist. Implementations are cheap to ask and thread-safe.
 */
public interface Access {

    /** Everything: no {@code policy:} configured. */
    Access ALL = new Access() {
        @Override
        public boolean ownTool(String name) {
            return true;
        }

        @Override
        public boolean tool(String upstream, String tool) {
            return true;
        }

        @Override
        public boolean prompt(String upstream, String prompt) {
            return true;
        }

        @Override
        public boolean resource(String uri) {
            return true;
        }
    };

    /** A tool Detour serves itself (a logical or goal tool), by name. */
    boolean ownTool(String name);

    /** An upstream tool passed through, by its upstream and original name. */
    boolean tool(String upstream, String tool);

    /** An upstream prompt, by its upstream and original name. */
    boolean prompt(String upstream, String prompt);

    /** A resource by URI, or a resource template by its {@code uriTemplate} text. */
    boolean resource(String uri);
}
