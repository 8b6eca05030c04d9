print("zoom2kaltura")
