"""Historical imports: Olist and a generic CSV, as closed orders with real timestamps."""
