print("ik")
