"""Shop connectors: Shopify and WooCommerce order webhooks in, availability out."""
