from django.urls import path

from . import views_entries, views_products

app_name = "business"

urlpatterns = [
    path("", views_entries.book_home, name="home"),
    path("start/", views_entries.business_start, name="start"),
    path("new/<str:kind>/", views_entries.entry_new, name="entry_new"),
    path("entries/<int:entry_id>/", views_entries.entry_detail, name="entry"),
    path("entries/<int:entry_id>/correct/", views_entries.entry_edit, name="entry_edit"),
    path("entries/<int:entry_id>/delete/", views_entries.entry_remove, name="entry_delete"),
    path("products/", views_products.product_list, name="products"),
    path("products/new/", views_products.product_new, name="product_new"),
    path("products/<int:product_id>/", views_products.product_edit, name="product"),
    path("products/<int:product_id>/count/", views_products.product_count, name="product_count"),
]
