import os

from django.http import JsonResponse
from django.shortcuts import render


def home(request):
    return render(request, "home.html", {"user_id": os.getuid()})


def healthz(request):
    return JsonResponse({"status": "ok"})
