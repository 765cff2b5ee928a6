from django.urls import reverse

def test_probe(world, officer_a_client, officer_a):
    r = officer_a_client.get(reverse("areas:children", args=[world.ward_a.pk]))
    print(repr(r.content.decode()))
    r = officer_a_client.get(reverse("areas:tree"))
    print(r.content.decode()[r.content.decode().find("area-tree")-30:])
