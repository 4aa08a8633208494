app_name = "plans_exchange"
urlpatterns = []
