"""The portal's pages: `partner` (a partner's own pages, also opened by managers) and `console` (managers)."""
