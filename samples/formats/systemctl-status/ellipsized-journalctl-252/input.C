● docker.service - Docker Application Container Engine
   Loaded: loaded (/lib/systemd/system/docker.service; disabled; vendor preset: enabled)
   Active: active (running) since Mon 2019-04-08 11:34:39 CEST; 33s ago
     Docs: https://docs.docker.com
 Main PID: 13714 (dockerd)
    Tasks: 18
   Memory: 34.2M
   CGroup: /system.slice/docker.service
           └─13714 /usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock

Sep 14 11:39:03 centos79 5e1c0d9a7b3f[1234]: [49B blob data]
Sep 14 11:39:42 centos79 systemd[1]: Stopping Docker Application Container Engine...
Sep 14 11:39:42 centos79 dockerd[1234]: time="2024-09-14T11:39:42.015893387+08:00" level=in...ated'"
Sep 14 11:39:44 centos79 dockerd[1234]: time="2024-09-14T11:39:44.077102387+08:00" level=in...elete"
Sep 14 11:39:45 centos79 dockerd[1234]: time="2024-09-14T11:39:45.002210387+08:00" level=in...plete"
Sep 14 11:39:45 centos79 systemd[1]: Stopped Docker Application Container Engine.
Sep 14 11:44:01 centos79 systemd[1]: Starting Docker Application Container Engine...
Sep 14 11:44:01 centos79 dockerd[28871]: time="2024-09-14T11:44:01.912640387+08:00" level=i...ng up"
Sep 14 11:44:03 centos79 dockerd[28871]: time="2024-09-14T11:44:03.118277387+08:00" level=i....sock"
Sep 14 11:44:03 centos79 systemd[1]: Started Docker Application Container Engine.
Hint: Some lines were ellipsized, use -l to show in full.
